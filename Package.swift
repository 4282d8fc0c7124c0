// swift-tools-version:6.1
import PackageDescription

// Dependencies point one way: Tables <- Query <- Charts, Projection, Indicators <- Shell <- hws.
let package = Package(
    name: "hws",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hws", targets: ["hws"]),
        .library(name: "Tables", targets: ["Tables"]),
        .library(name: "Query", targets: ["Query"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // A small C shim over libedit (el_set is variadic, so Swift cannot call it directly).
        .target(
            name: "CLibEdit",
            linkerSettings: [.linkedLibrary("edit")]
        ),
        .target(name: "Tables"),
        .target(name: "Query", dependencies: ["Tables"]),
        .target(name: "Charts", dependencies: ["Tables", "Query"]),
        .target(name: "Projection", dependencies: ["Tables", "Query"]),
        .target(name: "Indicators", dependencies: ["Tables", "Query"]),
        .target(name: "Planning", dependencies: ["Tables", "Query"]),
        // Statistics Norway's statbank (PxWebApi 2.0): search, metadata, fetch, cache.
        .target(name: "Statbank", dependencies: ["Tables", "Query"]),
        // Excel workbooks (.xlsx) in and out; ZIP through ZIPFoundation, XML through a streaming parser.
        .target(name: "Spreadsheet", dependencies: ["Tables", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(
            name: "Shell",
            dependencies: ["Tables", "Query", "Charts", "Projection", "Indicators", "Planning", "Statbank", "CLibEdit", "Spreadsheet"]
        ),
        .executableTarget(
            name: "hws",
            dependencies: [
                "Shell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Times charts on a million points: swift build -c release --product chart-bench.
        .executableTarget(name: "chart-bench", dependencies: ["Tables", "Charts"], path: "benchmarks/Sources/chart-bench"),
        // Times the projection engine: `swift run -c release projection-bench`.
        .executableTarget(
            name: "projection-bench",
            dependencies: ["Tables", "Query", "Projection"],
            path: "benchmarks/Sources/projection-bench"
        ),
        // Times the planning engine for all 356 municipalities: `swift run -c release plan-bench`.
        .executableTarget(
            name: "plan-bench",
            dependencies: ["Tables", "Query", "Indicators", "Planning"],
            path: "benchmarks/Sources/plan-bench"
        ),
        // Times the query engine on a register-like table: swift build -c release --product hws-bench.
        .executableTarget(name: "hws-bench", dependencies: ["Tables", "Query"], path: "benchmarks/Sources/hws-bench"),
        .testTarget(name: "TablesTests", dependencies: ["Tables"], exclude: ["Fixtures"]),
        .testTarget(name: "QueryTests", dependencies: ["Tables", "Query", "TestTexts"]),
        .testTarget(name: "ChartsTests", dependencies: ["Tables", "Query", "Charts"], exclude: ["Golden"]),
        .testTarget(name: "ProjectionTests", dependencies: ["Tables", "Query", "Projection"]),
        .testTarget(name: "IndicatorsTests", dependencies: ["Tables", "Query", "Indicators"]),
        .testTarget(name: "PlanningTests", dependencies: ["Tables", "Query", "Planning"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", "Tables", .product(name: "ZIPFoundation", package: "ZIPFoundation")], exclude: ["Fixtures"]),
        // A PxWebApi server on 127.0.0.1 for the statbank tests (library, so Shell's tests can use it too).
        .target(name: "StatbankMock", dependencies: ["Statbank", "Tables"], path: "Tests/StatbankMock"),
        .target(name: "TestTexts", dependencies: ["Tables"], path: "Tests/TestTexts"),
        .testTarget(name: "StatbankTests", dependencies: ["Statbank", "StatbankMock", "Tables", "Query"], exclude: ["Fixtures"]),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "Tables", "Query", "Statbank", "StatbankMock", "TestTexts"], exclude: ["Golden"]),
    ]
)
