import Foundation
import Testing
import Vapor
@testable import IeumApp

/// The typed route table (issue 15, item 1): every web route is registered through a `SiteRoute`
/// case and every case is registered; no two cases share a method and path; each case's path,
/// filled in, routes back to that case; and each case's access is what the middleware enforces.
@Suite("Every web route is a SiteRoute case")
struct SiteRouteTests {
    @Test("the registered web routes and the cases are the same set")
    func registeredRoutesAreCases() async throws {
        try await TestApp.with { app in
            let registered = Set(app.routes.all.map { RouteAccess.key($0.method, $0.path) }.filter { !$0.contains(" /api/v1/") })
            let cases = Set(SiteRoute.all.map(\.spec.key))
            #expect(registered.subtracting(cases).isEmpty, "registered without a case: \(registered.subtracting(cases).sorted())")
            #expect(cases.subtracting(registered).isEmpty, "cases never registered: \(cases.subtracting(registered).sorted())")
            #expect(registered.count >= 200)
        }
    }

    @Test("no two cases share a method and path")
    func keysAreUnique() {
        let keys = SiteRoute.all.map(\.spec.key)
        let repeated = Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "\(repeated)")
        #expect(SiteRoute.byKey.count == SiteRoute.all.count)
    }

    /// `rounds/:roundID/close` with a real id in place of each parameter.
    static func sample(_ path: [PathComponent]) -> [String] {
        path.map { component in
            switch component {
            case .constant(let text): text
            case .parameter: UUID().uuidString
            case .anything, .catchall: "x"
            }
        }
    }

    @Test("each case's path, filled in, routes back to that case")
    func pathsRouteBack() {
        let router = TrieRouter(SiteRoute.self)
        for route in SiteRoute.all {
            router.register(route, at: [.constant(route.spec.method.rawValue)] + route.spec.path)
        }
        var wrong: [String] = []
        for route in SiteRoute.all {
            var parameters = Parameters()
            let found = router.route(path: [route.spec.method.rawValue] + Self.sample(route.spec.path), parameters: &parameters)
            if found != route { wrong.append("\(route.spec.key) → \(found.map { $0.spec.key } ?? "nothing")") }
        }
        #expect(wrong.isEmpty, "\(wrong)")
    }

    @Test("the middleware reads each route's access from its case")
    func accessComesFromTheCase() {
        for route in SiteRoute.all {
            #expect(RouteAccess.declaration(route.spec.method, route.spec.path) == route.spec.access, "\(route.spec.key)")
        }
        #expect(RouteAccess.declaration(.GET, ["experts", ":expertID"]) == .operators)
        #expect(RouteAccess.declaration(.POST, ["admin", "taxonomy", "regions"]) == .platformOperators)
        #expect(RouteAccess.declaration(.GET, ["no", "such", "page"]) == nil)
    }
}
