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
}
