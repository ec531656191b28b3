/// How English is written in Hangul, as a comparison of sounds: both scripts are reduced to one
/// phoneme alphabet (vowel, and eight consonant classes), then compared by a weighted edit
/// distance in which what the two writing systems disagree on costs little (a vowel Korean
/// inserts to break a cluster, an English "r" after a vowel that Korean drops, s/z against ㅅ/ㅈ).
///
/// 하이퍼스펙트럴 → H A P A S P A K T L A L = hyperspectral (the "r" of "hyper" is silent);
/// 엑소스켈레톤 → A K S A S K A L A T A N = exoskeleton; 마이크로그리드 = microgrid.
/// No word list: any loanword written in either script is found.
public enum Transliteration {
    /// Phonemes: one byte each. Vowels keep some quality, since "gate" is not 코드: Korean vowels
    /// are 1…6 (ㅏ ㅔ/ㅐ ㅣ ㅗ ㅜ ㅓ), English vowel letters 0x11…0x17 (a e i o u y w), and a
    /// letter is compatible with the Korean vowels it is written as (u: 유닛, 트럭 ㅓ).
    static let koreanA: UInt8 = 1, koreanE: UInt8 = 2, koreanI: UInt8 = 3, koreanO: UInt8 = 4, koreanU: UInt8 = 5, koreanEO: UInt8 = 6
    // Medials ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ (ㅡ: none).
    private static let medials: [UInt8] = [1, 2, 1, 2, 6, 2, 6, 2, 4, 1, 2, 2, 4, 5, 6, 2, 3, 5, 0, 3, 3]
    /// Korean vowels each English vowel letter may be written as (bit per Korean vowel).
    private static let compatible: [UInt8] = [
        0b100011,  // a: ㅏ ㅔ ㅓ
        0b100111,  // e: ㅏ ㅔ ㅣ ㅓ
        0b000111,  // i: ㅏ ㅔ ㅣ
        0b111001,  // o: ㅏ ㅗ ㅜ ㅓ
        0b111001,  // u: ㅏ ㅗ ㅜ ㅓ (유닛, 트럭)
        0b000101,  // y: ㅏ(이) ㅣ
        0b111111,  // w: a glide, any
    ]
    /// Medials that start with a w glide: ㅘ ㅙ ㅝ ㅞ ㅟ.
    private static let wGlides: [Bool] = (0..<21).map { [9, 10, 14, 15, 16].contains($0) }
    /// The glide w, written the way the Latin side writes the letter w (a vowel of any quality).
    static let w: UInt8 = 0x17
    static let p: UInt8 = 0x50, t: UInt8 = 0x54, k: UInt8 = 0x4B, s: UInt8 = 0x53
    static let j: UInt8 = 0x4A, l: UInt8 = 0x4C, m: UInt8 = 0x4D, n: UInt8 = 0x4E, h: UInt8 = 0x48

    // Initial consonants ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ (ㅇ is silent).
    private static let initials: [UInt8] = [k, k, n, t, t, l, m, p, p, s, s, 0, j, j, j, k, t, p, h]
    // Final consonants as loanwords use them (로봇 robot: ㅅ is t); ㅇ is "ng", written N K.
    private static let finals: [[UInt8]] = [
        [], [k], [k], [k], [n], [n], [n], [t], [l], [l], [l], [l], [l], [l], [l], [l],
        [m], [p], [p], [t], [t], [n, k], [t], [t], [k], [t], [p], [t],
    ]

    /// Phonemes of a Hangul word. ㅡ is the vowel Korean inserts to break an English consonant
    /// cluster (스펙트럼 = s-pectrum), so it is no vowel here.
    public static func phonemes(hangul scalars: some Collection<UInt32>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(scalars.count * 3)
        for v in scalars {
            guard Normalizer.isHangul(v) else { continue }
            let syllable = Int(v - 0xAC00)
            let initial = syllable / 588, medial = (syllable % 588) / 28, final = syllable % 28
            if initials[initial] != 0 { append(initials[initial], to: &out) }
            // ㅘ ㅙ ㅝ ㅞ ㅟ are a w glide and a vowel: English w is written with them (트윈 twin,
            // 스위치 switch, 타워 tower), so the glide is kept as the w it stands for.
            if wGlides[medial] { append(w, to: &out) }
            if medials[medial] != 0 { append(medials[medial], to: &out) }
            for c in finals[final] { append(c, to: &out) }
        }
        return out
    }

    /// Whether a Hangul word is written the way English words are written in Hangul. Sino-Korean
    /// words (most Korean technical vocabulary) use a closed set of syllables; loanwords use
    /// syllables outside it: ㅡ with no final (스, 트, 크), initial ㅋ, ㅓ after ㅌ/ㄹ/ㅍ/ㅁ (터, 러,
    /// 퍼), ㅔ with a final (센, 텍) or after other initials than ㅅ/ㅈ/ㅊ (테, 레), finals other than
    /// ㄱ ㄴ ㄹ ㅁ ㅂ ㅇ (봇, 넷), 디/티/듀/튜/션/샤, and 이 after an open syllable (라이, 데이).
    /// Only such words are compared by sound: 선체 never becomes "sensor".
    /// Loanword orthography writes no tense stop (외래어 표기법 1장 4항: 파열음 표기에는 된소리를 쓰지
    /// 않는다; ㅉ likewise), so a word with ㄲ ㄸ ㅃ ㅉ is native (빠르게, 떼다, 꼬리) and never compared.
    public static func looksTransliterated(_ scalars: some Collection<UInt32>) -> Bool {
        var previousOpenVowel = false
        var loanword = false
        for v in scalars {
            guard Normalizer.isHangul(v) else { return false }
            let syllable = Int(v - 0xAC00)
            let initial = syllable / 588, medial = (syllable % 588) / 28, final = syllable % 28
            if initial == 1 || initial == 4 || initial == 8 || initial == 13 { return false }
            if loanword { continue }
            // initials: 0 ㄱ 2 ㄴ 3 ㄷ 5 ㄹ 6 ㅁ 7 ㅂ 9 ㅅ 11 ㅇ 12 ㅈ 14 ㅊ 15 ㅋ 16 ㅌ 17 ㅍ 18 ㅎ
            // medials: 0 ㅏ 1 ㅐ 4 ㅓ 5 ㅔ 6 ㅕ 8 ㅗ 2 ㅑ 17 ㅠ 18 ㅡ 20 ㅣ
            // (sets of jamo as bit masks: this runs for every Hangul word the analyser collects)
            if medial == 18 && final == 0 && initial != 11 { loanword = true }
            if initial == 15 { loanword = true }
            if medial == 4 && Self.has(Self.eoInitials, initial) && !(initial == 5 && final == 0) { loanword = true }
            if medial == 4 && final == 0 && (initial == 3 || initial == 7) { loanword = true }
            if medial == 5 && (final != 0 || !Self.has(Self.nativeEInitials, initial)) { loanword = true }
            // final ㅅ is the t of 로봇, 유닛, 인터넷 (but 것, 곳, 옷 are native)
            if final == 19 && (Self.has(Self.tFinalMedials, medial) || (medial == 8 && Self.has(Self.tFinalOInitials, initial))) { loanword = true }
            if (initial == 3 || initial == 16) && (medial == 20 || medial == 17) { loanword = true }
            if initial == 9 && (medial == 6 || medial == 2) { loanword = true }
            if initial == 11 && medial == 20 && final == 0 && previousOpenVowel { loanword = true }
            previousOpenVowel = final == 0 && Self.has(Self.openMedials, medial)
        }
        return loanword
    }

    @inline(__always) private static func has(_ set: UInt32, _ jamo: Int) -> Bool { (set >> UInt32(jamo)) & 1 != 0 }
    private static func mask(_ jamo: [Int]) -> UInt32 { jamo.reduce(0) { $0 | 1 << UInt32($1) } }
    private static let eoInitials = mask([16, 5, 17])                      // 터 러 퍼
    private static let nativeEInitials = mask([9, 10, 12, 13, 14, 11, 0, 2])  // 세 쎄 제 쩨 체 에 게 네
    private static let tFinalMedials = mask([1, 5, 20])                    // 햇 넷 닛
    private static let tFinalOInitials = mask([7, 5, 17, 16, 15])          // 봇 롯 폿 톳 콧
    private static let openMedials = mask([0, 1, 4, 5, 8])                 // ㅏ ㅐ ㅓ ㅔ ㅗ

    /// Phonemes of a lower-case Latin word, by the spellings that decide how Korean writes it.
    public static func phonemes(latin scalars: some Collection<UInt32>) -> [UInt8] {
        let w = scalars.filter { $0 >= 0x61 && $0 <= 0x7A }.map { UInt8($0) }
        let length = w.count
        var out: [UInt8] = []
        out.reserveCapacity(length + 2)
        func at(_ i: Int) -> UInt8 { i >= 0 && i < length ? w[i] : 0 }
        func isVowel(_ c: UInt8) -> Bool { c == 0x61 || c == 0x65 || c == 0x69 || c == 0x6F || c == 0x75 || c == 0x79 }
        func front(_ c: UInt8) -> Bool { c == 0x65 || c == 0x69 || c == 0x79 }  // e i y soften c and g
        var i = 0
        while i < length {
            let c = w[i], next = at(i + 1)
            switch c {
            case 0x61: append(0x11, to: &out)
            case 0x69: append(0x13, to: &out)
            case 0x6F: append(0x14, to: &out)
            case 0x75: append(0x15, to: &out)
            case 0x79: append(0x16, to: &out)
            case 0x77: append(0x17, to: &out)  // glides are vowels in Hangul: 와, 위
            case 0x65:  // e, silent at the end after a consonant (drone 드론, module 모듈)
                if i == length - 1 && length > 3 && !isVowel(at(i - 1)) { break }
                append(0x12, to: &out)
            case 0x62, 0x70, 0x66, 0x76:  // b p f v
                append(p, to: &out)
                if c == 0x70 && next == 0x68 { i += 1 }
            case 0x74:  // t: th → ㅅ (thermal 써멀), ti+vowel → 션, tch → ㅊ, a final -ture → 처 (capture 캡처)
                if next == 0x68 { append(s, to: &out); i += 1 }
                else if next == 0x69 && isVowel(at(i + 2)) && i > 0 { append(s, to: &out); i += 1 }
                else if next == 0x75 && at(i + 2) == 0x72 && at(i + 3) == 0x65 && i + 4 == length && i > 0 { append(j, to: &out) }
                else if next == 0x63 && at(i + 2) == 0x68 { append(j, to: &out); i += 2 }
                else { append(t, to: &out) }
            case 0x64:  // d, dge → ㅈ
                if next == 0x67 && front(at(i + 2)) { append(j, to: &out); i += 1 } else { append(t, to: &out) }
            case 0x63:  // c: ch ㅊ, ck ㅋ, soft before e i y
                if next == 0x68 { append(j, to: &out); i += 1 }
                else if next == 0x6B { append(k, to: &out); i += 1 }
                else if front(next) { append(s, to: &out) }
                else { append(k, to: &out) }
            case 0x67:  // g: gh silent, soft before e i y (digital 디지털, energy 에너지)
                if next == 0x68 { i += 1 }
                else if front(next) { append(j, to: &out) }
                else { append(k, to: &out) }
            case 0x68:  // h only where it is heard: at the start or between vowels
                if i == 0 || (isVowel(at(i - 1)) && isVowel(next)) { append(h, to: &out) }
            case 0x6A: append(j, to: &out)
            case 0x6B, 0x71: append(k, to: &out)
            case 0x6C: append(l, to: &out)
            case 0x72:  // r after a vowel and before a consonant or the end is not written (hyper 하이퍼),
                // nor before a final silent e (core 코어, software 소프트웨어)
                if i > 0 && isVowel(at(i - 1)) && (!isVowel(next) || (next == 0x65 && i + 2 == length && length > 3)) { break }
                append(l, to: &out)
            case 0x6D: append(m, to: &out)
            case 0x6E: append(n, to: &out)
            case 0x73:  // s, sh; -sion is 전 after a vowel or r (vision 비전, version 버전), 션 after another consonant (tension 텐션)
                if next == 0x69 && at(i + 2) == 0x6F && at(i + 3) == 0x6E && i > 0 {
                    let before = at(i - 1)
                    append(isVowel(before) || before == 0x72 ? j : s, to: &out)
                    i += 1
                } else {
                    append(s, to: &out)
                    if next == 0x68 { i += 1 }
                }
            case 0x78:  // x → ks (엑스)
                append(k, to: &out); append(s, to: &out)
            case 0x7A: append(j, to: &out)
            default: break
            }
            i += 1
        }
        return out
    }

    /// Repeated phonemes are one (ll, ss, 엘레 L L).
    @inline(__always) private static func append(_ c: UInt8, to out: inout [UInt8]) {
        if out.last != c { out.append(c) }
    }

    @inline(__always) static func isVowel(_ c: UInt8) -> Bool { c < 0x20 }

    /// What a phoneme weighs when it is inserted or deleted: vowels and h little, since the two
    /// scripts disagree on them most.
    @inline(__always) static func weight(_ c: UInt8) -> Float { c < 0x20 || c == h ? 0.35 : 1 }

    @inline(__always) static func substitution(_ a: UInt8, _ b: UInt8) -> Float {
        if a == b { return 0 }
        if isVowel(a) && isVowel(b) {
            let (korean, english) = a < b ? (a, b) : (b, a)
            guard korean <= 6, english >= 0x11 else { return 0.5 }
            return compatible[Int(english - 0x11)] & (1 << (korean - 1)) != 0 ? 0 : 0.5
        }
        if isVowel(a) || isVowel(b) { return weight(a) + weight(b) }
        switch (min(a, b), max(a, b)) {
        case (j, s): return 0.4   // z/s against ㅈ/ㅅ
        case (j, k): return 0.5   // ch in tech (테크) against chip (칩)
        case (s, t), (j, t): return 0.6   // th, ti
        case (l, n): return 0.8
        default: return 1
        }
    }

    /// Weighted edit distance of two phoneme strings (dynamic programming, two rows).
    public static func distance(_ a: [UInt8], _ b: [UInt8]) -> Float {
        if a.isEmpty { return b.reduce(0) { $0 + weight($1) } }
        if b.isEmpty { return a.reduce(0) { $0 + weight($1) } }
        var previous = [Float](repeating: 0, count: b.count + 1)
        var current = previous
        for x in 0..<b.count { previous[x + 1] = previous[x] + weight(b[x]) }
        for y in 0..<a.count {
            current[0] = previous[0] + weight(a[y])
            for x in 0..<b.count {
                let replace = previous[x] + substitution(a[y], b[x])
                let delete = previous[x + 1] + weight(a[y])
                let insert = current[x] + weight(b[x])
                current[x + 1] = min(replace, delete, insert)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Whether the phonemes came from Hangul (Korean vowel codes, or no vowel at all).
    static func isKorean(_ a: [UInt8]) -> Bool { a.contains { $0 >= 1 && $0 <= 6 } }

    static func consonants(_ a: [UInt8]) -> Int { a.reduce(0) { $0 + (isVowel($1) || $1 == h ? 0 : 1) } }

    /// How sure it is that the two phoneme strings are one word in two scripts: 1 − the distance
    /// over the longer string's weight, 0 below the threshold. Short words need an exact match
    /// (two consonants), and words of one consonant never match: too many words sound alike.
    public static func confidence(_ a: [UInt8], _ b: [UInt8], threshold: Float = 0.8) -> Float {
        let ca = consonants(a), cb = consonants(b)
        guard min(ca, cb) >= 2 else { return 0 }
        let d = distance(a, b)
        if min(ca, cb) == 2 && d > 0.35 { return 0 }
        // Short Hangul words (two syllables: up to six phonemes) must sound the same.
        let hangulLength = isKorean(a) ? a.count : isKorean(b) ? b.count : Int.max
        if hangulLength <= 6 && d > 0.35 { return 0 }
        let length = max(a.reduce(0) { $0 + weight($1) }, b.reduce(0) { $0 + weight($1) })
        let c = 1 - d / length
        return c >= threshold ? c : 0
    }

    /// Convenience for tests and explanations: the confidence that a Hangul and a Latin word are
    /// the same loanword.
    public static func confidence(hangul: String, latin: String) -> Float {
        let a = phonemes(hangul: Normalizer.scalars(hangul))
        let b = phonemes(latin: Normalizer.scalars(latin))
        return confidence(a, b)
    }

    /// The consonant skeleton used to find candidates (vowels and h left out, ㅈ folded into ㅅ
    /// and ㅊ/ch into ㅅ as well, so that the cheap substitutions above land on one key).
    static let skeletonClasses: [UInt8] = [p, t, k, s, l, m, n]

    static func skeleton(_ a: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for c in a where !isVowel(c) && c != h {
            let folded = c == j ? s : c
            if out.last != folded { out.append(folded) }
        }
        return out
    }
}
