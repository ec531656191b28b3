import Fluent
import Foundation
import IeumCore
import Vapor

/// KPI dashboards: targets against actuals, the funnel and breakdowns, with exports.
struct KPIController {
    func register(_ app: Application) {}
}
