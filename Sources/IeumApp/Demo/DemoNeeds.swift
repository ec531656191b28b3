import Foundation
import IeumCore

/// The demo needs and applications as data: what the demand organisations of the seeds' programs
/// really post, in their words. Dates are fixed (Seoul time) so every run writes the same set.
enum DemoNeeds {
    enum CallSlot { case open, closed, none }

    struct NeedSpec {
        let organization: String
        /// 0: the Seoul program, 1: the ministry's.
        let program: Int
        let call: CallSlot
        let status: NeedStatus
        let title: String
        let titleEn: String
        let teaser: String
        let detail: String
        let fields: [String]
        var minStage: Stage? = nil
        var minTRL: Int? = nil
        let support: [NeedSupport]
        var pocFunds: String? = nil
        var supportOther: String? = nil
        var sought = 1
        var anonymous = false
        var deadline: String? = nil
        let contact: (name: String, email: String)
        /// Drafted, submitted, published, closed: the days of its history.
        let days: [String]
    }

    /// Indices below are positions in this list.
    static let needs: [NeedSpec] = [
        NeedSpec(organization: "한결전자", program: 0, call: .open, status: .published,
                 title: "반도체 후공정 외관검사 AI 고도화", titleEn: "AI for visual inspection in semiconductor back-end processes",
                 teaser: "패키징 공정의 미세 크랙·이물 불량을 영상 AI로 검출해 과검률을 낮출 기술을 찾습니다.",
                 detail: "현재 룰 기반 비전 검사의 과검률이 12% 수준입니다. 라인별 카메라 영상(일 40만 장)과 불량 라벨 데이터를 제공하며, 3개월 PoC에서 과검률 5% 이하, 미검률 0.1% 이하를 목표로 합니다. 검사 결과는 사내 MES와 연동되어야 합니다.",
                 fields: ["semiconductor", "ai"], minStage: .preA, minTRL: 6, support: [.pocFunds, .testBed, .dataAccess], pocFunds: "1억", sought: 2,
                 deadline: "2026-04-30 18:00", contact: ("박수요", "demand@ieum.demo"), days: ["2026-02-02", "2026-02-03", "2026-02-05"]),
        NeedSpec(organization: "한결전자", program: 0, call: .open, status: .published,
                 title: "클린룸 설비 예지보전 데이터 분석", titleEn: "Predictive maintenance for clean-room equipment",
                 teaser: "클린룸 공조·진공 설비의 센서 데이터로 고장을 미리 알리는 예지보전 모델을 함께 만들 기업을 찾습니다.",
                 detail: "설비 2,300대의 진동·온도·전류 데이터 3년치를 가명 처리해 제공합니다. 고장 7일 전 경보 정확도 80% 이상, 현장 엔지니어용 대시보드가 필요합니다.",
                 fields: ["smart-manufacturing", "data"], minTRL: 5, support: [.pocFunds, .dataAccess], pocFunds: "5000만원",
                 contact: ("박수요", "demand@ieum.demo"), days: ["2026-02-04", "2026-02-05", "2026-02-09"]),
        NeedSpec(organization: "한결전자", program: 0, call: .none, status: .submitted,
                 title: "디스플레이 부품 공급망 탄소배출량 산정", titleEn: "Carbon accounting for the display parts supply chain",
                 teaser: "협력사 300곳의 탄소배출량(Scope 3)을 자동으로 모으고 산정할 솔루션을 찾습니다.",
                 detail: "EU 공급망 실사 대응을 위해 1·2차 협력사의 에너지 사용량과 물류 데이터를 수집해 제품 단위 탄소발자국을 산정해야 합니다. 협력사용 입력 화면과 검증 리포트가 필요합니다.",
                 fields: ["environment", "data"], support: [.pocFunds, .other], pocFunds: "4000만원", supportOther: "협력사 설명회 공동 개최",
                 contact: ("박수요", "demand@ieum.demo"), days: ["2026-02-24", "2026-02-26"]),
        NeedSpec(organization: "한결전자", program: 0, call: .none, status: .draft,
                 title: "설계 문서 검색용 사내 생성형 AI", titleEn: "Generative AI search over design documents",
                 teaser: "공정·설계 문서 수십만 건을 보안망 안에서 질의응답으로 찾는 생성형 AI를 검토합니다.",
                 detail: "외부 반출이 불가한 문서이므로 온프레미스 구축이 전제입니다. 한국어 기술 용어 인식과 출처 표시가 필수입니다.",
                 fields: ["ai"], minStage: .seriesA, support: [.testBed], contact: ("박수요", "demand@ieum.demo"), days: ["2026-02-27"]),
        NeedSpec(organization: "한결전자", program: 0, call: .closed, status: .closed,
                 title: "웨이퍼 이송 로봇 경로 최적화", titleEn: "Path optimisation for wafer transfer robots",
                 teaser: "팹 내 웨이퍼 이송 로봇(OHT)의 정체를 줄이는 경로 최적화 기술을 찾았습니다.",
                 detail: "OHT 1,200대의 주행 로그를 제공하고, 시뮬레이션과 라인 1곳 실증으로 평균 이송 시간 10% 단축을 목표로 했습니다.",
                 fields: ["robot", "smart-manufacturing"], minTRL: 6, support: [.pocFunds, .testBed], pocFunds: "1.5억", sought: 1,
                 contact: ("박수요", "demand@ieum.demo"), days: ["2025-11-03", "2025-11-05", "2025-11-10", "2025-12-20"]),
        NeedSpec(organization: "대한케미칼", program: 0, call: .open, status: .published,
                 title: "이차전지 양극재 소성 공정 불량 예측", titleEn: "Defect prediction in cathode calcination",
                 teaser: "양극재 소성로의 공정 데이터로 품질 편차를 미리 예측하는 AI 기술을 찾습니다.",
                 detail: "소성로 8기의 온도 프로파일, 원료 로트, 품질검사 결과를 연결한 데이터를 제공합니다. 로트 불량 예측 정확도 90% 이상과 공정 조건 추천 기능을 기대합니다. 우수 기업은 CVC 투자를 검토합니다.",
                 fields: ["battery-energy", "ai"], minTRL: 5, support: [.pocFunds, .dataAccess, .cvcInvestment], pocFunds: "1.5억", sought: 2,
                 contact: ("정혁신", "innovation@daehan-chem.example"), days: ["2026-02-02", "2026-02-04", "2026-02-06"]),
        NeedSpec(organization: "누리텔레콤", program: 0, call: .open, status: .published,
                 title: "5G 특화망 기반 스마트공장 서비스", titleEn: "Smart-factory services on private 5G",
                 teaser: "5G 특화망 위에서 동작하는 공장 자동화·품질 서비스를 함께 발굴해 고객사에 공급할 기업을 찾습니다.",
                 detail: "판교 테스트베드의 5G 특화망과 단말을 무상 제공합니다. 저지연 영상 전송, AGV 관제, 원격 제어 등 특화망의 장점을 살린 서비스를 우선합니다.",
                 fields: ["network", "smart-manufacturing"], support: [.pocFunds, .testBed], pocFunds: "7000만원", sought: 3,
                 contact: ("한협력", "open5g@nuri-telecom.example"), days: ["2026-02-03", "2026-02-05", "2026-02-09"]),
        NeedSpec(organization: "동방제약", program: 0, call: .open, status: .published,
                 title: "AI 기반 신약 후보물질 독성 예측", titleEn: "AI toxicity prediction for drug candidates",
                 teaser: "전임상 진입 전 후보물질의 간독성·심독성을 예측하는 AI 모델을 공동 검증할 기업을 찾습니다.",
                 detail: "사내 화합물 라이브러리 1만 종의 독성 시험 데이터를 비식별화해 제공합니다. 예측 AUC 0.85 이상과 근거 구조 제시를 요구하며, 검증 후 공동연구 계약으로 이어질 수 있습니다.",
                 fields: ["bio-medical", "ai"], minStage: .seriesA, support: [.pocFunds, .dataAccess], pocFunds: "1억", anonymous: true,
                 contact: ("윤연구", "rnd-open@dongbang-pharm.example"), days: ["2026-02-05", "2026-02-06", "2026-02-10"]),
        NeedSpec(organization: "한국수자원공사(데모)", program: 0, call: .open, status: .published,
                 title: "상수도 관망 누수 탐지 센서·AI 실증", titleEn: "Leak detection on water mains with sensors and AI",
                 teaser: "지방 상수도 관망에 저전력 센서를 설치하고 AI로 누수 위치를 찾는 기술을 실증합니다.",
                 detail: "실증 지역 관로 40km에 음향·압력 센서를 설치하고 6개월간 운영합니다. 누수 위치 오차 5m 이내, 배터리 수명 5년 이상이 목표이며 공공기관 실증 트랙으로 구매 연계를 검토합니다.",
                 fields: ["environment", "network"], minTRL: 6, support: [.pocFunds, .testBed], pocFunds: "8000만원", sought: 2,
                 deadline: "2026-05-29 18:00", contact: ("오실증", "testbed@kwater-demo.example"), days: ["2026-02-06", "2026-02-09", "2026-02-11"]),
        NeedSpec(organization: "한성정밀", program: 0, call: .open, status: .published,
                 title: "협력사용 경량 MES와 스마트공장 전환", titleEn: "Lightweight MES for suppliers' smart factories",
                 teaser: "2차 협력사가 3개월 안에 도입할 수 있는 경량 MES와 설비 데이터 수집 패키지를 찾습니다.",
                 detail: "협력사 5곳(프레스·사출)의 설비 데이터를 모아 생산 실적과 불량을 실시간으로 보여 주어야 합니다. 도입비는 협력사당 3,000만원 이내가 목표입니다.",
                 fields: ["smart-manufacturing"], minStage: .seed, support: [.pocFunds], pocFunds: "3000만원", sought: 2,
                 contact: ("강생산", "smart@hansung-precision.example"), days: ["2026-02-09", "2026-02-10", "2026-02-12"]),
        NeedSpec(organization: "미래모터스", program: 1, call: .open, status: .published,
                 title: "전기차 폐배터리 잔존수명 진단", titleEn: "State-of-health diagnosis of retired EV batteries",
                 teaser: "회수된 전기차 배터리의 잔존수명을 빠르게 진단해 재사용 여부를 판정할 기술을 찾습니다.",
                 detail: "연간 회수 배터리 팩 3,000개를 대상으로 모듈 분해 없이 30분 안에 잔존수명을 판정해야 합니다. 판정 오차 ±3% 이내를 목표로 하며, 실증 후 ESS 재사용 사업 협력과 CVC 투자를 검토합니다.",
                 fields: ["battery-energy", "mobility"], minStage: .preA, minTRL: 5, support: [.pocFunds, .cvcInvestment], pocFunds: "2억", anonymous: true,
                 contact: ("서모빌", "openinno@mirae-motors.example"), days: ["2026-02-02", "2026-02-03", "2026-02-04"]),
        NeedSpec(organization: "한국전력공사(데모)", program: 1, call: .open, status: .published,
                 title: "배전설비 드론 영상 이상 진단", titleEn: "Drone imagery diagnosis of distribution equipment",
                 teaser: "드론으로 촬영한 배전설비 영상에서 애자 파손·과열을 자동으로 찾아내는 기술을 실증합니다.",
                 detail: "열화상·가시광 영상 12만 장과 점검 이력을 제공합니다. 이상 검출 재현율 95% 이상, 현장 점검 시스템 연동이 필요하며 공공 구매 연계를 검토합니다.",
                 fields: ["ai", "aerospace"], minTRL: 7, support: [.pocFunds, .testBed, .dataAccess], pocFunds: "1억",
                 contact: ("임배전", "innovation@kepco-demo.example"), days: ["2026-02-03", "2026-02-04", "2026-02-06"]),
    ]

    struct ApplicationSpec {
        let need: Int
        /// Nil: the flagship startup (the demo startup login's); otherwise the field to pick a startup by.
        let field: String?
        let status: ApplicationStatus
        var reason: String? = nil
        /// Drafted, then one day per later status.
        let days: [String]
    }

    static let applications: [ApplicationSpec] = [
        ApplicationSpec(need: 0, field: nil, status: .screening, days: ["2026-02-10", "2026-02-16", "2026-02-23"]),
        ApplicationSpec(need: 1, field: nil, status: .submitted, days: ["2026-02-18", "2026-02-25"]),
        ApplicationSpec(need: 9, field: nil, status: .draft, days: ["2026-02-27"]),
        ApplicationSpec(need: 4, field: nil, status: .selected, reason: "라인 실증 결과 이송 시간을 12% 줄여 최종 선정했습니다.",
                        days: ["2025-11-20", "2025-12-10", "2025-12-22", "2026-01-09", "2026-01-20"]),
        ApplicationSpec(need: 0, field: "semiconductor", status: .submitted, days: ["2026-02-12", "2026-02-20"]),
        ApplicationSpec(need: 0, field: "ai", status: .shortlisted, days: ["2026-02-09", "2026-02-13", "2026-02-20", "2026-02-27"]),
        ApplicationSpec(need: 4, field: "robot", status: .rejected, reason: "제안한 경로 알고리즘의 실증 범위가 라인 한 곳에 못 미쳐 이번에는 선정하지 않았습니다.",
                        days: ["2025-11-18", "2025-12-08", "2025-12-22", "2026-01-09"]),
        ApplicationSpec(need: 4, field: "smart-manufacturing", status: .rejected, reason: "예산 대비 기대 효과가 낮고 팹 안전 기준 충족 계획이 부족합니다.",
                        days: ["2025-11-24", "2025-12-15", "2025-12-22", "2026-01-09"]),
        ApplicationSpec(need: 5, field: "battery-energy", status: .screening, days: ["2026-02-11", "2026-02-19", "2026-02-26"]),
        ApplicationSpec(need: 5, field: "ai", status: .submitted, days: ["2026-02-16", "2026-02-24"]),
        ApplicationSpec(need: 6, field: "network", status: .submitted, days: ["2026-02-12", "2026-02-23"]),
        ApplicationSpec(need: 7, field: "bio-medical", status: .shortlisted, days: ["2026-02-11", "2026-02-17", "2026-02-24", "2026-02-27"]),
        ApplicationSpec(need: 8, field: "network", status: .submitted, days: ["2026-02-13", "2026-02-26"]),
        ApplicationSpec(need: 8, field: "environment", status: .rejected, reason: "제안 센서가 지하 관로 환경의 방수 등급을 충족하지 못합니다.",
                        days: ["2026-02-12", "2026-02-16", "2026-02-20", "2026-02-25"]),
        ApplicationSpec(need: 10, field: "battery-energy", status: .submitted, days: ["2026-02-09", "2026-02-20"]),
        ApplicationSpec(need: 11, field: "ai", status: .draft, days: ["2026-02-26"]),
    ]

    /// Invitations: need index, the field to pick a startup that has not applied (nil: the flagship), who invites, the message.
    static let invitations: [(need: Int, field: String?, inviter: String, message: String)] = [
        (6, nil, "operator@ieum.demo", "스마트공장 구축 경험이 5G 특화망 서비스 과제와 잘 맞습니다. 지원을 검토해 주세요."),
        (0, "semiconductor", "demand@ieum.demo", "귀사의 반도체 검사 기술이 저희 과제와 잘 맞아 지원을 부탁드립니다."),
        (0, "ai", "demand@ieum.demo", "비전 AI 적용 경험을 보고 연락드립니다. 3월 중 과제 설명회에 함께해 주세요."),
        (6, "network", "operator@ieum.demo", "5G 특화망 과제에 적합한 기업으로 추천되어 지원을 안내드립니다."),
        (10, "mobility", "operator@ieum.demo", "폐배터리 진단 과제의 수요기업이 귀사의 기술에 관심을 보였습니다."),
    ]

    /// A proposal in the startup's words, built from its profile and the need.
    static func proposal(startup: Organization, need: NeedSpec) -> (solution: String, differentiation: String, pocPlan: String, expected: String, budget: Int64, budgetDetail: String) {
        let budget: Int64 = 30_000_000 + Int64((startup.name.unicodeScalars.reduce(0) { $0 + Int($1.value) } % 7)) * 10_000_000
        return (
            "\(startup.name)의 \(startup.summary) 기술을 '\(need.title)' 과제에 맞게 적용합니다. 제공 데이터로 모델을 현장에 맞추고, 결과를 담당 부서의 기존 시스템과 연동합니다.",
            "유사 현장 적용 경험과 자체 보유 기술로 도입 기간을 줄이고, 운영 중 성능을 계속 개선하는 체계를 갖추고 있습니다.",
            "1개월: 데이터 분석과 요구사항 확정 / 2개월: 현장 설치와 모델 학습 / 3개월: 실증 운영과 성과 측정, 결과 보고",
            "과제가 제시한 목표 지표 달성, 실증 후 구매 또는 공동 사업화 협의",
            budget,
            "인건비 60%, 장비·클라우드 25%, 현장 설치비 15%"
        )
    }
}
