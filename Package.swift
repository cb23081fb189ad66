// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "interchange",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "JSONValue", targets: ["JSONValue"]),
        .library(name: "BoundedRegex", targets: ["BoundedRegex"]),
        .library(name: "JSONSchema", targets: ["JSONSchema"]),
        .library(name: "JSONata", targets: ["JSONata"]),
        // For the fuzzing package in Fuzz/ (the ingest path without HTTP).
        .library(name: "InterchangeCore", targets: ["InterchangeCore"]),
        .executable(name: "interchange", targets: ["interchange"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(name: "JSONValue", swiftSettings: swiftSettings),
        .target(name: "BoundedRegex", swiftSettings: swiftSettings),
        .target(name: "JSONSchema", dependencies: ["JSONValue", "BoundedRegex"], swiftSettings: swiftSettings),
        .target(name: "JSONata", dependencies: ["JSONValue", "BoundedRegex"], swiftSettings: swiftSettings),
        .target(
            name: "InterchangeCore",
            dependencies: [
                "JSONValue", "JSONSchema", "JSONata",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "InterchangeSQLite",
            dependencies: [
                "InterchangeCore", "JSONValue",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "InterchangeConnectors",
            dependencies: [
                "InterchangeCore", "JSONValue",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "InterchangeServer",
            dependencies: [
                "InterchangeCore", "InterchangeConnectors", "JSONValue",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Sandbox",
            dependencies: [
                "JSONValue",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "interchange",
            dependencies: [
                "InterchangeCore", "InterchangeSQLite", "InterchangeConnectors", "InterchangeServer", "Sandbox",
                "JSONValue", "JSONSchema", "JSONata",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "TestSupport", path: "Tests/Support", swiftSettings: swiftSettings),
        .executableTarget(
            name: "interchange-bench",
            dependencies: [
                "InterchangeCore", "InterchangeSQLite", "InterchangeServer", "InterchangeConnectors", "Sandbox", "JSONValue", "JSONata", "JSONSchema",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/Sources/InterchangeBench",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "JSONValueTests", dependencies: ["JSONValue", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "BoundedRegexTests", dependencies: ["BoundedRegex"], swiftSettings: swiftSettings),
        .testTarget(name: "JSONSchemaTests", dependencies: ["JSONSchema", "JSONValue", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "JSONataTests", dependencies: ["JSONata", "JSONValue", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "InterchangeCoreTests",
            dependencies: ["InterchangeCore", "JSONValue", "JSONata", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StoreConformanceTests",
            dependencies: ["InterchangeCore", "InterchangeSQLite", "JSONValue", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "InterchangeServerTests",
            dependencies: [
                "InterchangeServer", "InterchangeCore", "InterchangeSQLite", "InterchangeConnectors", "Sandbox",
                "JSONValue", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "JSONValue", "Sandbox", "TestSupport", "InterchangeConnectors",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
