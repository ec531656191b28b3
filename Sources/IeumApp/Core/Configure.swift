import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Sets up an application: database, migrations, sessions, middleware and routes.
public func configure(_ app: Application, _ config: Configuration) async throws {
    app.ieumConfiguration = config
    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    // Upload routes raise this for themselves (`RoutesBuilder.upload`).
    app.routes.defaultMaxBodySize = ByteCount(value: RouteLimits.defaultMaxBodyBytes)

    // SQL is logged with its bound values (addresses, names): at trace only, so LOG_LEVEL=debug
    // stays free of personal data.
    switch config.database {
    case .sqliteFile(let path):
        app.databases.use(SerializedSQLiteConfiguration(.sqlite(.file(path), sqlLogLevel: .trace)), as: .sqlite)
    case .sqliteMemory:
        app.databases.use(SerializedSQLiteConfiguration(.sqlite(.memory, sqlLogLevel: .trace)), as: .sqlite)
    case .postgres(let url):
        var pg = try SQLPostgresConfiguration(url: url)
        if let schema = app.storage[PostgresSchemaKey.self] { pg.searchPath = [schema] }
        app.databases.use(.postgres(configuration: pg, sqlLogLevel: .trace), as: .psql)
    }

    if case .postgres = config.database {} else if let sql = app.db as? any SQLDatabase {
        // WAL: readers never wait for the writer. The mode is kept in the file.
        try await sql.raw("PRAGMA journal_mode = WAL").run()
    }

    // Bundled data files are read now, so a broken one stops the start, never a request.
    try GrievanceData.checkBundledFiles()

    // Every write to what the matching engine indexes leaves an entry in its change feed.
    for middleware in MatchingFeed.middleware { app.databases.middleware.use(middleware) }

    app.migrations.add(SessionRecord.migration)
    app.migrations.add(Migrations.all)

    app.passwords.use(.prehashingBcrypt(cost: config.bcryptCost))
    // Password hashing runs on threads of its own: on the shared pool a few sign-ins at once
    // would hold up every SQLite query, which runs there too.
    let hashing = NIOThreadPool(numberOfThreads: 2)
    hashing.start()
    app.passwordHashingPool = hashing
    app.lifecycle.use(ThreadPoolShutdown(pool: hashing))
    app.storage[AccountsController.DecoyHashKey.self] = try app.password.sync.hash([UInt8].random(count: 24).base64URLEncoded())
    app.sessions.use { _ in DatabaseSessionDriver() }
    app.sessions.configuration.cookieName = "ieum_session"
    app.sessions.configuration.cookieFactory = { sessionID in
        .init(string: sessionID.string, expires: Date().addingTimeInterval(60 * 60 * 12), maxAge: nil,
              path: "/", isSecure: config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    app.middleware = .init()
    // Outermost: the request id, the one log line and the metrics of every request (issue 19).
    app.installOperations()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    // Outer: turns failures of the session store itself into a clear page.
    app.middleware.use(IeumErrorMiddleware())
    app.middleware.use(StaticFilesMiddleware(files: FileMiddleware(publicDirectory: publicDirectory(), defaultFile: nil)))
    app.middleware.use(LanguageMiddleware())
    app.middleware.use(ResponseCookiesMiddleware())
    app.middleware.use(app.sessions.middleware)
    // Inner: error pages are rendered inside the session, so the CSRF token their sign-out form
    // carries is saved with it.
    app.middleware.use(IeumErrorMiddleware())
    app.middleware.use(SessionActorMiddleware())
    app.middleware.use(BearerActorMiddleware())
    // Each route's declared access (`RouteAccess`), before a form's body is read for its token.
    app.middleware.use(RouteAccessMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(NulRefusalMiddleware())

    try routes(app)
}

struct PasswordHashingPoolKey: StorageKey {
    typealias Value = NIOThreadPool
}

struct ThreadPoolShutdown: LifecycleHandler {
    let pool: NIOThreadPool
    func shutdownAsync(_ application: Application) async {
        try? await pool.shutdownGracefully()
    }
}

extension Application {
    var passwordHashingPool: NIOThreadPool? {
        get { storage[PasswordHashingPoolKey.self] }
        set { storage[PasswordHashingPoolKey.self] = newValue }
    }
}

extension Request {
    /// bcrypt on the hashing pool, answering on this request's event loop.
    var passwordHasher: AsyncPasswordHasher {
        guard let pool = application.passwordHashingPool else { return password.async }
        return application.password.sync.async(on: pool, hopTo: eventLoop)
    }
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
