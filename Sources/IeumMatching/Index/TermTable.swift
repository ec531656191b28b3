import Foundation

/// Open-addressing hash table from 64-bit keys to `Int32` values (linear probing, power-of-two
/// size, at most half full): term ids in the index, trie edges and word sets in the analyser,
/// cheaper than a general Dictionary. Fibonacci hashing takes the top bits of the product, which
/// depend on every bit of the key (keys such as `node << 32 | scalar` differ in high bits only).
struct TermTable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var count = 0
    /// 64 − log2(size).
    private var shift: UInt64

    @inline(__always) private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    subscript(key: UInt64) -> Int32? {
        keys.withUnsafeBufferPointer { keys in
            values.withUnsafeBufferPointer { values in
                let mask = keys.count - 1
                var i = home(key)
                while true {
                    let v = values[i]
                    if v < 0 { return nil }
                    if keys[i] == key { return v }
                    i = (i + 1) & mask
                }
            }
        }
    }

    init() { self.init(minimumCapacity: 512) }

    /// Room for `count` keys before the first growth.
    init(minimumCapacity count: Int) {
        var size = 16, bits: UInt64 = 4
        while size < 2 * count { size *= 2; bits += 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        shift = 64 - bits
    }

    /// A set: every key maps to 0.
    init(keys: [UInt64]) {
        self.init()
        for key in keys { insert(key, 0) }
    }

    init(_ entries: [UInt64: Int32]) {
        self.init()
        for (key, value) in entries { insert(key, value) }
    }

    @inline(__always) func contains(_ key: UInt64) -> Bool { self[key] != nil }

    mutating func insert(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = home(key)
        while values[i] >= 0 && keys[i] != key { i = (i + 1) & mask }
        if values[i] < 0 { count += 1 }
        keys[i] = key
        values[i] = value
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        values = Array(repeating: -1, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for (i, v) in oldValues.enumerated() where v >= 0 { insert(oldKeys[i], v) }
    }
}
