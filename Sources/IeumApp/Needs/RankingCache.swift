import Foundation
import IeumMatching

/// The engine's rankings of one index generation, by need: ranking 100,000 startups costs
/// milliseconds of CPU, and a need's list is asked for again and again between changes. An entry
/// serves only the same need text (profile) and depth at the same generation; any change the feed
/// brings bumps the generation, and the first ranking of a new generation drops the old ones.
struct RankingCache {
    private struct Entry {
        var profile: NeedProfile
        var limit: Int
        var matches: [Match]
    }

    private var generation = -1
    private var entries: [String: Entry] = [:]

    /// Needs kept per generation; beyond it the cache starts again (a bound on memory, not a policy:
    /// the scale test asks for a few hundred needs).
    static let capacity = 4096

    func ranking(_ profile: NeedProfile, limit: Int, generation: Int) -> [Match]? {
        guard generation == self.generation, let entry = entries[profile.id], entry.limit == limit, entry.profile == profile else { return nil }
        return entry.matches
    }

    mutating func keep(_ matches: [Match], for profile: NeedProfile, limit: Int, generation: Int) {
        if generation != self.generation || entries.count >= Self.capacity {
            entries = [:]
            self.generation = generation
        }
        entries[profile.id] = Entry(profile: profile, limit: limit, matches: matches)
    }
}
