import CSV
import Foundation
import IeumCore
import Vapor

/// The two file formats every table exports to.
public enum TableFileFormat: String, Sendable, CaseIterable {
    case csv, xlsx

    public var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }
}

/// Writes tables as CSV (UTF-8 with a byte-order mark so Korean Excel reads it, Korean headers,
/// text cells Excel would run as formulas written as text, numbers as numbers) or as an .xlsx
/// workbook, one sheet per table.
public enum TableFile {
    public static func csv(_ table: ExportTable) throws -> [UInt8] {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, delimiter: ",", newline: .crlf)
        try writer.write(row: table.columns.map(\.ko))
        for row in table.rows {
            try writer.write(row: row.map(\.csv))
        }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return [0xEF, 0xBB, 0xBF] + [UInt8](data)
    }

    public static func xlsx(_ tables: [ExportTable], modified: Date) throws -> [UInt8] {
        try XLSXWriter.workbook(tables.map { table in
            XLSXWriter.Sheet(name: table.title.ko, columns: table.columns.map(\.ko), rows: table.rows.map { row in
                row.map { cell -> XLSXWriter.Cell in
                    switch cell {
                    case .text(let value): .text(value.ko)
                    case .count(let value): .integer(value)
                    case .won(let value): .won(value)
                    case .percent(let value): value.map(XLSXWriter.Cell.percent) ?? .empty
                    case .none: .empty
                    }
                }
            })
        }, modified: modified)
    }

    /// A download response; the name is ASCII with the Korean one in `filename*` (RFC 6266).
    static func response(_ bytes: [UInt8], format: TableFileFormat, asciiName: String, koreanName: String) -> Response {
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        response.headers.replaceOrAdd(name: .contentType, value: format.contentType)
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: ContentDisposition.attachment(fallback: asciiName + "." + format.rawValue, fullName: koreanName + "." + format.rawValue))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
