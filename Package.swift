// swift-tools-version:6.1
//
// Tandem: a bilingual translation-memory and article-annotation workbench.
// The targets under Sources/ are the pipeline, in the order work flows through it:
//   Segmentation → TranslationMemory → Alignment → Annotation → Interchange → Workbench → tandem (CLI)
// CLibXML2 is the system libxml2; XMLSupport wraps it safely for every XML read and write.
import PackageDescription

let package = Package(
    name: "Tandem",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tandem", targets: ["tandem"]),
        .library(name: "Segmentation", targets: ["Segmentation"]),
        .library(name: "TranslationMemory", targets: ["TranslationMemory"]),
        .library(name: "Alignment", targets: ["Alignment"]),
        .library(name: "Interchange", targets: ["Interchange"]),
        .library(name: "Workbench", targets: ["Workbench"]),
        .library(name: "Annotation", targets: ["Annotation"]),
        .library(name: "TeamStore", targets: ["TeamStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // libxml2 from the system (Debian: libxml2-dev).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // Hardened reader/writer wrappers over libxml2: no external entities, no network.
        .target(name: "XMLSupport", dependencies: ["CLibXML2"]),

        // Stage 1: SRX 2.0 sentence segmentation. Stands alone.
        .target(
            name: "Segmentation",
            dependencies: ["XMLSupport"],
            resources: [.copy("Rules")]
        ),
        // Stage 2: the translation memory (model, stores, matching). Knows no file format.
        .target(
            name: "TranslationMemory",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Stage 3: sentence alignment of an article with its translation.
        .target(name: "Alignment"),
        // Stage 5: TMX and XLIFF in and out of the memory, through libxml2.
        .target(name: "Interchange", dependencies: ["XMLSupport", "TranslationMemory"], resources: [.copy("Schemas")]),
        // Claims and sources on articles: anchoring, coverage reports, W3C Web Annotation.
        .target(
            name: "Annotation",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The same stores on a PostgreSQL server, for a team sharing one memory.
        .target(
            name: "TeamStore",
            dependencies: ["TranslationMemory", "Annotation", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),

        // Stage 6: the use cases (align into the memory, ...), knowing no terminal.
        .target(
            name: "Workbench",
            dependencies: ["Segmentation", "TranslationMemory", "Alignment", "Annotation", "Interchange"]
        ),

        // The thin command-line front end: parses arguments and prints.
        .executableTarget(
            name: "tandem",
            dependencies: [
                "Segmentation", "TranslationMemory", "Alignment", "Interchange", "Annotation", "Workbench", "TeamStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks: `swift run -c release tandem-bench`.
        .executableTarget(
            name: "tandem-bench",
            dependencies: ["Segmentation", "TranslationMemory", "Alignment", "Interchange", "Annotation", "Workbench"]
        ),

        .testTarget(name: "XMLSupportTests", dependencies: ["XMLSupport"]),
        .testTarget(name: "SegmentationTests", dependencies: ["Segmentation"]),
        .testTarget(name: "TranslationMemoryTests", dependencies: ["TranslationMemory", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "AlignmentTests", dependencies: ["Alignment"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "Alignment", "TranslationMemory", "Annotation", "Segmentation"]),
        .testTarget(name: "InterchangeTests", dependencies: ["Interchange", "TranslationMemory"]),
        .testTarget(name: "AnnotationTests", dependencies: ["Annotation", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "TeamStoreTests", dependencies: ["TeamStore", "TranslationMemory", "Annotation", "Workbench"]),
    ]
)
