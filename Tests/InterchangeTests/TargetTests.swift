import Testing
@Test func interchangeTargetBuilds() {}
