/// Text cells of files people open in a spreadsheet (CSV): a cell that Excel or LibreOffice would
/// read as a formula or a command (`=`, `+`, `-`, `@`, a tab or a carriage return first, or their
/// full-width forms) is written with a leading apostrophe, so it is shown as the text it is.
/// Only text cells go through here; numbers the file stores as numbers (a negative amount) stay numbers.
public enum SpreadsheetText {
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠"]

    public static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, formulaStarts.contains(first) else { return text }
        return "'" + text
    }

    /// The text a neutralised cell stood for: the apostrophe `neutralised` put before a formula
    /// start is taken off again when such a file is read back (an import of an export), as a
    /// spreadsheet does with a leading apostrophe. Any other text is returned as it is.
    public static func restored(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.first == "'", let second = scalars.dropFirst().first, formulaStarts.contains(second) else { return text }
        return String(text.dropFirst())
    }
}
