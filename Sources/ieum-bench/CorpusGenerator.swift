import Foundation
import IeumMatching

/// SplitMix64: deterministic across runs and platforms.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// A synthetic corpus shaped like real program data: Korean sentences with particles and
/// English technical terms, 20 tech fields with their own vocabulary, and a Zipf-distributed
/// tail of rare words (product names, niche terms) so that postings lengths look natural.
struct CorpusGenerator {
    static let fields: [(name: String, ko: [String], en: [String])] = [
        ("인공지능", ["인공지능", "머신러닝", "딥러닝", "자연어처리", "음성인식", "챗봇", "추천", "예측 모델", "생성형 AI", "문서 요약"], ["AI", "LLM", "NLP", "RAG", "MLOps"]),
        ("빅데이터", ["빅데이터", "데이터 분석", "데이터 플랫폼", "시각화", "데이터 수집", "가명처리", "공공데이터", "시계열"], ["data lake", "ETL", "BI", "dashboard"]),
        ("네트워크/5G", ["5G 특화망", "무선 통신", "저지연", "엣지 컴퓨팅", "통신망", "위성통신", "와이파이"], ["5G", "MEC", "O-RAN", "LoRa"]),
        ("로봇", ["협동로봇", "자율이동로봇", "물류 로봇", "서빙 로봇", "로봇팔", "그리퍼", "웨어러블 로봇"], ["AMR", "cobot", "ROS", "SLAM"]),
        ("핀테크/블록체인", ["간편결제", "송금", "대안신용평가", "이상거래탐지", "블록체인", "토큰증권", "자산관리"], ["FDS", "KYC", "STO", "DeFi"]),
        ("바이오/의료", ["신약개발", "체외진단", "의료영상", "유전체 분석", "항체", "임상시험", "마이크로바이옴"], ["NGS", "PCR", "CRO", "AI drug discovery"]),
        ("디지털헬스", ["원격진료", "디지털 치료제", "생체신호", "만성질환 관리", "치매 선별", "수면 관리", "재활"], ["telemedicine", "DTx", "RPM", "wearable"]),
        ("모빌리티", ["자율주행", "수요응답형 교통", "전기차 충전", "차량 공유", "라스트마일 배송", "배차 최적화"], ["MaaS", "DRT", "ADAS", "V2X"]),
        ("스마트제조", ["스마트공장", "예지보전", "품질검사", "비전검사", "공정 최적화", "설비 모니터링", "디지털트윈"], ["MES", "PdM", "PLC", "digital twin"]),
        ("시스템반도체", ["AI 반도체", "팹리스", "전력반도체", "이미지센서", "반도체 설계", "패키징"], ["NPU", "FPGA", "SoC", "SiC"]),
        ("이차전지/에너지", ["이차전지", "배터리 진단", "에너지저장장치", "태양광", "수소", "가상발전소", "폐배터리 재활용"], ["BMS", "ESS", "VPP", "battery"]),
        ("콘텐츠/미디어", ["웹툰", "버추얼 휴먼", "AI 더빙", "실감형 콘텐츠", "영상 편집", "메타버스", "음원"], ["XR", "VR", "OTT", "dubbing"]),
        ("뷰티/패션", ["화장품", "피부 진단", "맞춤형 화장품", "가상 피팅", "패션 플랫폼", "원단"], ["K-beauty", "virtual try-on", "D2C"]),
        ("커머스/유통", ["라이브커머스", "재고관리", "무인매장", "물류센터", "수요 예측", "리뷰 분석", "가격 최적화"], ["e-commerce", "WMS", "CRM", "fulfillment"]),
        ("환경/ESG", ["탄소중립", "탄소배출량 산정", "수처리", "폐기물", "플라스틱 재활용", "대기질", "ESG 공시"], ["ESG", "LCA", "scope 3", "water treatment"]),
        ("푸드테크", ["대체육", "스마트팜", "식품 안전", "콜드체인", "밀키트", "조리 로봇", "수직농장"], ["HACCP", "food tech", "vertical farm"]),
        ("에듀테크", ["맞춤형 학습", "온라인 교육", "코딩 교육", "자동 채점", "직무교육", "AI 튜터"], ["LMS", "edtech", "adaptive learning"]),
        ("프롭테크", ["부동산 중개", "스마트빌딩", "시설물 안전점검", "건설현장 안전", "공유오피스", "인테리어"], ["BIM", "proptech", "smart home"]),
        ("보안", ["보안관제", "제로트러스트", "악성코드 탐지", "취약점 진단", "생체인증", "딥페이크 탐지", "암호화"], ["EDR", "SIEM", "zero trust", "OT security"]),
        ("우주/항공", ["초소형위성", "위성영상", "드론", "도심항공교통", "발사체", "위성 데이터 분석"], ["SAR", "UAM", "satellite", "drone"]),
    ]
    static let customers = ["제조 기업", "병원", "지자체", "공공기관", "유통사", "금융기관", "물류센터", "학교", "건설사", "통신사", "에너지 공기업", "식품 공장", "중소기업", "대기업 연구소"]
    static let outcomes = ["비용을 줄이고", "불량률을 낮추고", "처리 시간을 단축하고", "정확도를 높이고", "안전사고를 예방하고", "매출을 늘리고", "탄소 배출을 줄이고"]
    static let templates = [
        "{org}은 {ko1} 기술을 기반으로 {cust}의 {ko2} 문제를 해결하는 {en1} 솔루션을 개발합니다.",
        "자체 개발한 {en1} 엔진과 {ko1} 알고리즘으로 {cust} 현장에서 {out} 있습니다.",
        "{cust} {n}곳에 {ko2} 서비스를 공급했으며 {tail} 분야로 확장하고 있습니다.",
        "{ko1}와 {ko2}를 결합한 {tail} 플랫폼으로 {en2} 데이터를 실시간 분석합니다.",
        "{tail} 특허를 보유하고 있으며, {cust}와 {en1} 기반 PoC를 {n}건 수행했습니다.",
        "Our {en1} product helps {enCust} with {en2} and {tailEn} at scale.",
    ]
    static let needTemplates = [
        "당사는 {cust} 운영에서 발생하는 {ko1} 문제를 해결할 {en1} 파트너를 찾습니다.",
        "{ko2} 데이터를 활용해 {out} 싶으며, {tail} 경험이 있는 기업을 우대합니다.",
        "{en2} 연동이 가능해야 하며 {n}개월 PoC 후 전사 확산을 검토합니다.",
        "기존 {ko1} 시스템과 연계할 수 있는 {tail} 솔루션을 희망합니다.",
    ]
    static let regions = ["강남구", "서초구", "성수동", "마포구", "판교", "송도", "대전", "부산", "광주", "대구", "G밸리 (구로·가산)", "마곡", "창원", "울산", "오송", "춘천"]
    static let stages = ["예비창업", "시드", "프리A", "시리즈A", "시리즈B", "시리즈C", "IPO준비"]

    var rng: SplitMix64
    let tail: [String]
    let tailEn: [String]
    let zipf: [Double]

    init(seed: UInt64) {
        rng = SplitMix64(state: seed)
        // 30,000 rare Hangul words and 5,000 Latin ones, drawn with Zipf(1.05).
        let syllables = Array("가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주추쿠투푸후기니디리미비시이지치키티피히개내대래매배새애재채캐태패해권진성민현준영석철훈정연경희은혜윤솔빛별솜결")
        var g = SplitMix64(state: seed ^ 0xA5A5)
        tail = (0..<30_000).map { _ in String((0..<g.int(2...4)).map { _ in g.pick(syllables) }) }
        let letters = Array("abcdefghiklmnoprstuvxyz")
        tailEn = (0..<5_000).map { _ in String((0..<g.int(4...9)).map { _ in g.pick(letters) }) }
        var cumulative: [Double] = []
        var sum = 0.0
        for r in 1...30_000 { sum += 1 / pow(Double(r), 1.05); cumulative.append(sum) }
        zipf = cumulative.map { $0 / sum }
    }

    mutating func zipfIndex() -> Int {
        let u = rng.unit()
        var lo = 0, hi = zipf.count - 1
        while lo < hi { let mid = (lo + hi) / 2; if zipf[mid] < u { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    mutating func fill(_ template: String, org: String, field: Int) -> String {
        let f = Self.fields[field]
        let other = Self.fields[rng.int(0...19)]
        var s = template
        let slots: [(String, () -> String)] = [
            ("{org}", { org }),
        ]
        for (k, v) in slots { s = s.replacingOccurrences(of: k, with: v()) }
        while let r = s.range(of: #"\{[a-zA-Z0-9]+\}"#, options: .regularExpression) {
            let key = String(s[r])
            let value: String
            switch key {
            case "{ko1}": value = rng.pick(f.ko)
            case "{ko2}": value = rng.unit() < 0.8 ? rng.pick(f.ko) : rng.pick(other.ko)
            case "{en1}": value = rng.pick(f.en)
            case "{en2}": value = rng.unit() < 0.8 ? rng.pick(f.en) : rng.pick(other.en)
            case "{cust}": value = rng.pick(Self.customers)
            case "{enCust}": value = rng.pick(["manufacturers", "hospitals", "cities", "retailers", "banks", "schools"])
            case "{out}": value = rng.pick(Self.outcomes)
            case "{tail}": value = tail[zipfIndex()]
            case "{tailEn}": value = tailEn[zipfIndex() % tailEn.count]
            case "{n}": value = String(rng.int(2...40))
            default: value = ""
            }
            s.replaceSubrange(r, with: value)
        }
        return s
    }

    static func json(_ object: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    mutating func startup(_ i: Int) -> String {
        let field = rng.int(0...19)
        let f = Self.fields[field]
        let name = tail[rng.int(0...29_999)] + rng.pick(["랩", "테크", "AI", "바이오", "로보틱스", "소프트", "에너지", ""])
        let english = rng.unit() < 0.15
        var sentences: [String] = []
        for _ in 0..<rng.int(3...5) {
            let t = english ? Self.templates[5] : Self.templates[rng.int(0...4)]
            sentences.append(fill(t, org: name, field: field))
        }
        let keywords = (0..<rng.int(3...7)).map { _ in rng.unit() < 0.7 ? rng.pick(f.ko) : rng.pick(f.en) }
        return Self.json([
            "id": String(format: "b-s%06d", i), "name": name,
            "summary": fill(english ? "{en1} for {enCust}: {en2}" : "{ko1} 기반 {cust} 대상 {ko2} 솔루션", org: name, field: field),
            "description": sentences.joined(separator: " "), "keywords": keywords, "field": f.name,
            "stage": rng.pick(Self.stages), "founded": rng.int(2012...2025), "region": rng.pick(Self.regions),
            "employees": rng.int(1...300), "investment_krw_100m": rng.int(0...500), "revenue_krw_100m": rng.int(0...300),
        ])
    }

    mutating func need(_ i: Int) -> String {
        let field = rng.int(0...19)
        let f = Self.fields[field]
        let sentences = (0..<rng.int(3...5)).map { _ in fill(rng.pick(Self.needTemplates), org: "", field: field) }
        var object: [String: Any] = [
            "id": String(format: "b-n%04d", i), "org": tail[rng.int(0...999)] + "그룹", "org_type": rng.pick(["대기업", "중견기업", "공공기관"]),
            "title": fill("{ko1} {en1} 기반 {ko2} 고도화 PoC", org: "", field: field),
            "description": sentences.joined(separator: " "), "fields": [f.name], "support": ["PoC 비용 지원", "테스트베드"],
        ]
        if rng.unit() < 0.3 { object["min_stage"] = rng.pick(["프리A", "시리즈A", "시리즈B"]) }
        if rng.unit() < 0.25 { object["preferred_region"] = rng.pick(["서울", "판교", "부산"]) }
        return Self.json(object)
    }

    /// Writes `startups.jsonl` and `needs.jsonl` into `directory`.
    static func write(to directory: String, startups: Int, needs: Int, seed: UInt64) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var g = CorpusGenerator(seed: seed)
        var s = ""
        s.reserveCapacity(startups * 900)
        for i in 0..<startups { s += g.startup(i); s += "\n" }
        try s.write(toFile: directory + "/startups.jsonl", atomically: true, encoding: .utf8)
        var n = ""
        for i in 0..<needs { n += g.need(i); n += "\n" }
        try n.write(toFile: directory + "/needs.jsonl", atomically: true, encoding: .utf8)
    }
}
