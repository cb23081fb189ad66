// swift-tools-version:6.1
// libFuzzer harnesses for every path outside input reaches. Built separately from the product, with
// the fuzzer and address sanitizers: see Fuzz/run.sh (and the README for the last run's figures).
import PackageDescription

let fuzzSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "interchange-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "interchange", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzDriver", .product(name: "JSONValue", package: "interchange")], swiftSettings: fuzzSettings),
        .executableTarget(
            name: "FuzzJSONata",
            dependencies: ["FuzzDriver", .product(name: "JSONValue", package: "interchange"), .product(name: "JSONata", package: "interchange")],
            swiftSettings: fuzzSettings),
        .executableTarget(
            name: "FuzzDecimal",
            dependencies: ["FuzzDriver", .product(name: "JSONValue", package: "interchange"), .product(name: "JSONata", package: "interchange")],
            swiftSettings: fuzzSettings),
        .executableTarget(
            name: "FuzzSchema",
            dependencies: [
                "FuzzDriver", .product(name: "JSONValue", package: "interchange"), .product(name: "JSONSchema", package: "interchange"),
                .product(name: "BoundedRegex", package: "interchange"),
            ],
            swiftSettings: fuzzSettings),
        .executableTarget(
            name: "FuzzIngest",
            dependencies: ["FuzzDriver", .product(name: "JSONValue", package: "interchange"), .product(name: "InterchangeCore", package: "interchange")],
            swiftSettings: fuzzSettings),
    ]
)
