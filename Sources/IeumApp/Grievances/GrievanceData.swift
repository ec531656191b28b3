import Foundation
import IeumCore
import Vapor

/// The data files the grievance desk ships with (`Resources/Data`): public holidays, the
/// facilities a submitter may pick and the seed of the routing table.
enum GrievanceData {
    struct Facility: Decodable, Sendable {
        let code: String
        let kind: FacilityKind
        let name: String
        let region: String
    }

    struct RoutesFile: Decodable {
        struct Entry: Decodable {
            let scope: String
            let code: String
            let agency: String
            let staffEmail: String
            let supervisorEmail: String
        }
        let routes: [Entry]
    }

    static func url(_ name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources/Data") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return url
    }

    static func routesFile() throws -> RoutesFile {
        try JSONDecoder().decode(RoutesFile.self, from: Data(contentsOf: url("grievance-routes")))
    }

    /// Read once. A broken bundled file is a build mistake: `configure` checks both files at start
    /// (`checkBundledFiles`), so the server refuses to start rather than a request stopping it.
    static let facilitiesFile: Result<[Facility], any Error> = Result {
        struct File: Decodable { let facilities: [Facility] }
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url("grievance-facilities"))).facilities
    }

    static let holidaysFile: Result<HolidayCalendar, any Error> = Result {
        try HolidayCalendar.decode(Data(contentsOf: url("holidays-kr")))
    }

    static var facilities: [Facility] { (try? facilitiesFile.get()) ?? [] }
    static var holidays: HolidayCalendar { (try? holidaysFile.get()) ?? .none }

    /// Throws, naming the file, when a bundled data file cannot be read.
    static func checkBundledFiles() throws {
        do { _ = try facilitiesFile.get() } catch { throw Abort(.internalServerError, reason: "grievance-facilities.json: \(error)") }
        do { _ = try holidaysFile.get() } catch { throw Abort(.internalServerError, reason: "holidays-kr.json: \(error)") }
    }

    static func facility(code: String) -> Facility? { facilities.first { $0.code == code } }
}
