// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "ieum",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ieum", targets: ["ieum"]),
        .executable(name: "ieum-bench", targets: ["ieum-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.0"),
        .package(url: "https://github.com/vapor/swift-openapi-vapor.git", from: "1.2.0"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.0"),
        // The ZIP container of the .xlsx exports (the SpreadsheetML parts are written in Export/).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // TLS for SMTP (STARTTLS and implicit TLS); already in the graph through Vapor.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        // HMAC and SHA for one-time passwords (IeumCore); already in the graph through Vapor.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // /metrics in the Prometheus text format; bootstraps swift-metrics, which Vapor already reports to.
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Tiny executable: parses the command line and hands over to IeumApp.
        .executableTarget(
            name: "ieum",
            dependencies: [
                "IeumApp",
                "IeumMatching",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Pure matching: Korean/English text analysis, BM25F index, ranking with reasons, assignment.
        // No Vapor, no database, so it can be benchmarked and used offline (`ieum match`).
        .target(
            name: "IeumMatching",
            resources: [.copy("Resources")]
        ),
        // Pure consultation-meeting scheduling (상담회): slots × tables without double booking,
        // priorities, idle gaps, an exact upper bound. No imports at all.
        .target(name: "IeumScheduling"),
        // Release-built benchmark harness: prints figures and ratios against the named peers.
        .executableTarget(
            name: "ieum-bench",
            dependencies: [
                "IeumMatching",
                "IeumScheduling",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Pure logic: no HTTP, no database. Business numbers, Korean text, CSV decoding.
        .target(
            name: "IeumCore",
            dependencies: [
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Types and server stubs generated from openapi.yaml (spec-first).
        .target(
            name: "IeumAPI",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            resources: [.copy("openapi.yaml")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The web application: registry, accounts, API, views, import/export.
        .target(
            name: "IeumApp",
            dependencies: [
                "IeumCore",
                "IeumAPI",
                "IeumMatching",
                "IeumScheduling",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIVapor", package: "swift-openapi-vapor"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "IeumCoreTests",
            dependencies: ["IeumCore"]
        ),
        .testTarget(
            name: "IeumMatchingTests",
            dependencies: ["IeumMatching"]
        ),
        .testTarget(
            name: "IeumSchedulingTests",
            dependencies: ["IeumScheduling"]
        ),
        .testTarget(
            name: "IeumAppTests",
            dependencies: [
                "IeumApp",
                "IeumCore",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
