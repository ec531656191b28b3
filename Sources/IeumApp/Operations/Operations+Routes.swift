import Vapor

extension SiteRoute {
    /// The routes of Operations: each path, its method and who may use it.
    enum Operations: Hashable, Sendable, CaseIterable {
        case alive
        case ready
        case metrics

        var spec: RouteSpec {
            switch self {
            case .alive: RouteSpec(.GET, ["healthz"], .everyone)
            // Readiness for load balancers; the metrics handler itself admits only this machine or
            // the IEUM_METRICS_TOKEN bearer (`MetricsAccess`).
            case .ready: RouteSpec(.GET, ["readyz"], .everyone)
            case .metrics: RouteSpec(.GET, ["metrics"], .everyone)
            }
        }
    }
}
