import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Vapor

/// Sets up an application: database, migrations, sessions, middleware and routes.
public func configure(_ app: Application, _ config: Configuration) async throws {
    app.ieumConfiguration = config
    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = "20mb"

    switch config.database {
    case .sqliteFile(let path):
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory, sqlLogLevel: .debug), as: .sqlite)
    case .postgres(let url):
        var pg = try SQLPostgresConfiguration(url: url)
        if let schema = app.storage[PostgresSchemaKey.self] { pg.searchPath = [schema] }
        app.databases.use(.postgres(configuration: pg, sqlLogLevel: .debug), as: .psql)
    }

    app.migrations.add(SessionRecord.migration)
    app.migrations.add(Migrations.all)

    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    app.sessions.use(.fluent)
    app.sessions.configuration.cookieName = "ieum_session"
    app.sessions.configuration.cookieFactory = { sessionID in
        .init(string: sessionID.string, expires: Date().addingTimeInterval(60 * 60 * 12), maxAge: nil,
              path: "/", isSecure: config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    app.middleware = .init()
    app.middleware.use(SecurityHeadersMiddleware())
    // Outer: turns failures of the session store itself into a clear page.
    app.middleware.use(IeumErrorMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: publicDirectory(), defaultFile: nil))
    app.middleware.use(LanguageMiddleware())
    app.middleware.use(app.sessions.middleware)
    // Inner: error pages are rendered inside the session, so the CSRF token their sign-out form
    // carries is saved with it.
    app.middleware.use(IeumErrorMiddleware())
    app.middleware.use(SessionActorMiddleware())
    app.middleware.use(BearerActorMiddleware())
    app.middleware.use(CSRFMiddleware())

    try routes(app)
}

struct PostgresSchemaKey: StorageKey {
    typealias Value = String
}

extension Application {
    /// Tests give every case its own PostgreSQL schema so they can run side by side.
    public var postgresSchema: String? {
        get { storage[PostgresSchemaKey.self] }
        set { storage[PostgresSchemaKey.self] = newValue }
    }
}

/// The stylesheet and scripts ship inside the library's resources; no CDN.
func publicDirectory() -> String {
    if let url = Bundle.module.url(forResource: "Public", withExtension: nil, subdirectory: "Resources") {
        return url.path + "/"
    }
    return "Public/"
}
