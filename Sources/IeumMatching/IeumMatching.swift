/// The matching engine's namespace; see the files beside this one.
public enum IeumMatching {
    /// Version of the engine's scoring, written into batch output comments.
    public static let scoringVersion = "0.1"
}
