extension StringProtocol {
    /// The text without leading and trailing white space and line breaks. Foundation's
    /// `trimmingCharacters(in:)` goes through NSString on Linux; an import trims every cell.
    public var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }
}
