/// Cities and the districts and hubs that lie inside them ("서울" covers 강남구, 성수동, G밸리 …),
/// read from `Resources/regions.tsv`.
public struct Regions: Sendable {
    /// city → its places, all normalised (lower-cased, spaces removed).
    let places: [String: [String]]

    public init(tsv: String) {
        var places: [String: [String]] = [:]
        for line in tsv.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let cols = line.split(separator: "\t").map { Regions.key(String($0)) }.filter { !$0.isEmpty }
            guard let city = cols.first else { continue }
            places[city, default: []].append(contentsOf: cols.dropFirst())
        }
        self.places = places
    }

    static func key(_ s: String) -> String {
        Normalizer.string(Normalizer.scalars(s).filter { !Normalizer.isJoiner($0) }[...])
    }

    /// Whether a startup sitting in `region` is inside the `preferred` region.
    public func contains(preferred: String, region: String) -> Bool {
        let p = Regions.key(preferred), r = Regions.key(region)
        guard !p.isEmpty, !r.isEmpty else { return false }
        if r.contains(p) || p.contains(r) { return true }
        // A place that names another city first ("부산 강서구") is not inside this one.
        if places.keys.contains(where: { r.hasPrefix($0) && !p.hasPrefix($0) }) { return false }
        // "서울특별시" / "seoul" → the city's key when the preferred value names a city.
        for (city, members) in places where p.hasPrefix(city) || members.first == p {
            if r.hasPrefix(city) { return true }
            if members.contains(where: { r.contains($0) || $0.contains(r) }) { return true }
        }
        return false
    }
}
