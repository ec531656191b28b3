import Foundation
import IeumCore

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

    /// Read once; a broken bundled file is a build mistake, so it stops the process loudly.
    static let facilities: [Facility] = {
        struct File: Decodable { let facilities: [Facility] }
        do { return try JSONDecoder().decode(File.self, from: Data(contentsOf: url("grievance-facilities"))).facilities } catch {
            fatalError("grievance-facilities.json: \(error)")
        }
    }()

    static let holidays: HolidayCalendar = {
        do { return try HolidayCalendar.decode(Data(contentsOf: url("holidays-kr"))) } catch {
            fatalError("holidays-kr.json: \(error)")
        }
    }()

    static func facility(code: String) -> Facility? { facilities.first { $0.code == code } }
}
