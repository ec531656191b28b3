import Foundation
import ZIPFoundation

/// A small Office Open XML (SpreadsheetML) writer: the ZIP container comes from ZIPFoundation, the
/// few XML parts a workbook needs are written here — content types, relationships, the workbook,
/// one worksheet per table with inline strings, and styles (a bold, shaded header row; `#,##0` for
/// counts and won; `0.0%` for ratios). No Swift library for .xlsx builds on this project's machines
/// (README, design decisions); the parts follow ECMA-376 Part 1 and open in Excel and LibreOffice.
public enum XLSXWriter {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case integer(Int64)
        case won(Int64)
        case percent(Double)
        case empty
    }

    public struct Sheet: Sendable {
        public let name: String
        public let columns: [String]
        public let rows: [[Cell]]

        public init(name: String, columns: [String], rows: [[Cell]]) {
            self.name = name
            self.columns = columns
            self.rows = rows
        }
    }

    /// Style indices in `styles.xml`'s `cellXfs`.
    enum Style: Int {
        case plain = 0, header = 1, number = 2, percent = 3
    }

    public static func workbook(_ sheets: [Sheet], modified: Date) throws -> [UInt8] {
        let sheets = sheets.isEmpty ? [Sheet(name: "Sheet1", columns: [], rows: [])] : sheets
        let names = sheetNames(sheets.map(\.name))
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(count: sheets.count)),
            ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbookXML(names)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(count: sheets.count)),
            ("xl/styles.xml", styles),
        ]
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", worksheet(sheet)))
        }
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: modified,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw XLSXError.noData }
        return [UInt8](data)
    }

    enum XLSXError: Error { case noData }

    static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func contentTypes(count: Int) -> String {
        var xml = header + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        xml += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for n in 1...count {
            xml += #"<Override PartName="/xl/worksheets/sheet\#(n).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        return xml + "</Types>"
    }

    static let rootRelationships = header
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    static func workbookXML(_ names: [String]) -> String {
        var xml = header + #"<workbook xmlns="\#(mainNS)" xmlns:r="\#(relNS)"><sheets>"#
        for (index, name) in names.enumerated() {
            xml += #"<sheet name="\#(escape(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        return xml + "</sheets></workbook>"
    }

    static func workbookRelationships(count: Int) -> String {
        var xml = header + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for n in 1...count {
            xml += #"<Relationship Id="rId\#(n)" Type="\#(relNS)/worksheet" Target="worksheets/sheet\#(n).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(count + 1)" Type="\#(relNS)/styles" Target="styles.xml"/>"#
        return xml + "</Relationships>"
    }

    static let styles = header + #"<styleSheet xmlns="\#(mainNS)">"#
        + #"<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>"#
        + #"<fonts count="2"><font><sz val="11"/><name val="맑은 고딕"/><family val="2"/></font>"#
        + #"<font><b/><sz val="11"/><name val="맑은 고딕"/><family val="2"/></font></fonts>"#
        + #"<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#
        + #"<fill><patternFill patternType="solid"><fgColor rgb="FFE3EAF4"/><bgColor indexed="64"/></patternFill></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>"#
        + #"<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>"#
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    static func worksheet(_ sheet: Sheet) -> String {
        var xml = header + #"<worksheet xmlns="\#(mainNS)" xmlns:r="\#(relNS)">"#
        // The header row stays in view while scrolling.
        xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        xml += #"<sheetFormatPr defaultRowHeight="15"/>"#
        let widths = columnWidths(sheet)
        if !widths.isEmpty {
            xml += "<cols>"
            for (index, width) in widths.enumerated() {
                xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        var rowNumber = 1
        if !sheet.columns.isEmpty {
            xml += #"<row r="1">"#
            for (index, title) in sheet.columns.enumerated() {
                xml += inlineString(title, ref: reference(column: index, row: 1), style: .header)
            }
            xml += "</row>"
            rowNumber += 1
        }
        for row in sheet.rows {
            xml += #"<row r="\#(rowNumber)">"#
            for (index, cell) in row.enumerated() {
                let ref = reference(column: index, row: rowNumber)
                switch cell {
                case .text(let value): xml += inlineString(value, ref: ref, style: .plain)
                case .integer(let value), .won(let value): xml += #"<c r="\#(ref)" s="\#(Style.number.rawValue)"><v>\#(value)</v></c>"#
                case .percent(let value) where value.isFinite: xml += #"<c r="\#(ref)" s="\#(Style.percent.rawValue)"><v>\#(value)</v></c>"#
                case .percent, .empty: break
                }
            }
            xml += "</row>"
            rowNumber += 1
        }
        return xml + "</sheetData></worksheet>"
    }

    static func inlineString(_ value: String, ref: String, style: Style) -> String {
        let preserve = value.first?.isWhitespace == true || value.last?.isWhitespace == true
        return #"<c r="\#(ref)" s="\#(style.rawValue)" t="inlineStr"><is><t\#(preserve ? #" xml:space="preserve""# : "")>\#(escape(value))</t></is></c>"#
    }

    /// `A1`, `B2`, …, `AA10`.
    static func reference(column: Int, row: Int) -> String {
        var name = ""
        var n = column + 1
        while n > 0 {
            let rest = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + rest))) + name
            n = (n - 1) / 26
        }
        return name + String(row)
    }

    /// Roughly the widest cell in character widths (a Hangul syllable is two), between 8 and 60.
    static func columnWidths(_ sheet: Sheet) -> [Int] {
        let count = max(sheet.columns.count, sheet.rows.map(\.count).max() ?? 0)
        return (0..<count).map { index in
            var widest = index < sheet.columns.count ? displayWidth(sheet.columns[index]) : 0
            for row in sheet.rows where index < row.count {
                switch row[index] {
                case .text(let value): widest = max(widest, displayWidth(value))
                case .integer(let value), .won(let value): widest = max(widest, String(value).count * 4 / 3 + 1)
                case .percent: widest = max(widest, 7)
                case .empty: break
                }
            }
            return min(60, max(8, widest + 2))
        }
    }

    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
    }

    /// Excel's rules: at most 31 characters, none of `[]:*?/\`, unique without regard to case.
    static func sheetNames(_ wanted: [String]) -> [String] {
        var used: Set<String> = []
        return wanted.enumerated().map { index, raw in
            var base = String(raw.map { "[]:*?/\\".contains($0) ? "·" : $0 }).trimmingCharacters(in: CharacterSet(charactersIn: "' "))
            if base.isEmpty { base = "Sheet\(index + 1)" }
            var name = String(base.prefix(31))
            var n = 2
            while used.contains(name.lowercased()) {
                let suffix = " (\(n))"
                name = String(base.prefix(31 - suffix.count)) + suffix
                n += 1
            }
            used.insert(name.lowercased())
            return name
        }
    }

    /// XML text: the same escaping as every HTML attribute (`HTMLEscape.markup`): the five
    /// entities as character references, characters XML 1.0 forbids dropped.
    static func escape(_ text: String) -> String { HTMLEscape.markup(text) }
}
