import Testing
@Test func alignmentTargetBuilds() {}
