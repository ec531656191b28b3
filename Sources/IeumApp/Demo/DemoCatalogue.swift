import Foundation

/// The vocabulary the demo data set is built from: per tech field, products that startups in the
/// seeds' programs really offer, in the words their profiles use. Kept apart from the generator
/// so the data reads like a program's list, not like random strings.
enum DemoCatalogue {
    struct Product {
        let summary: String
        let detail: String
        let keywords: [String]
        let english: String
    }

    /// Field code → products. Each demo startup takes one product of its field.
    static let products: [String: [Product]] = [
        "ai": [
            Product(summary: "제조 현장 영상 AI 불량 검사 솔루션", detail: "생산라인 카메라 영상을 딥러닝으로 분석해 미세 불량을 실시간으로 찾아내고, 검사 결과를 MES와 연동합니다.", keywords: ["비전 AI", "불량 검사", "딥러닝", "MES 연동"], english: "Vision AI that finds defects on production lines in real time."),
            Product(summary: "한국어 초거대 언어모델 기반 상담 자동화", detail: "금융·공공 상담 이력을 학습한 한국어 LLM으로 콜센터 상담의 60%를 자동 응대하고, 상담원에게 답변 초안을 제시합니다.", keywords: ["LLM", "챗봇", "상담 자동화", "자연어처리"], english: "Korean LLM that automates customer-service conversations."),
            Product(summary: "AI 수요예측으로 재고를 줄이는 SaaS", detail: "판매 이력과 날씨·행사 데이터를 결합한 수요예측 모델로 유통·식품 기업의 재고와 폐기를 줄입니다.", keywords: ["수요예측", "머신러닝", "재고 최적화", "SaaS"], english: "Demand forecasting SaaS that cuts inventory and waste."),
        ],
        "data": [
            Product(summary: "공공·민간 데이터 결합 분석 플랫폼", detail: "가명처리된 공공데이터와 기업 데이터를 안전하게 결합해 상권 분석과 정책 효과 분석 리포트를 제공합니다.", keywords: ["데이터 결합", "가명정보", "상권 분석", "빅데이터"], english: "Platform that combines public and private data safely for analysis."),
            Product(summary: "설비 센서 데이터 수집·시각화 플랫폼", detail: "공장과 건물의 센서 데이터를 표준화해 수집하고, 대시보드와 이상탐지 알림을 제공합니다.", keywords: ["데이터 파이프라인", "시각화", "이상탐지", "IoT 데이터"], english: "Collects and visualises equipment sensor data with anomaly alerts."),
        ],
        "network": [
            Product(summary: "이음5G 특화망 구축·운영 솔루션", detail: "공장과 물류센터에 5G 특화망을 설계·구축하고 단말 관리와 보안을 통합 운영합니다.", keywords: ["5G 특화망", "이음5G", "사설망", "네트워크 슬라이싱"], english: "Private 5G network design and operation for factories."),
            Product(summary: "저전력 원격검침 통신 모듈", detail: "NB-IoT와 LoRa를 지원하는 저전력 통신 모듈로 수도·가스 원격검침을 10년간 배터리 교체 없이 운영합니다.", keywords: ["NB-IoT", "원격검침", "저전력 통신"], english: "Low-power metering modules for water and gas utilities."),
        ],
        "robot": [
            Product(summary: "물류센터 자율주행 운반로봇(AMR)", detail: "물류센터와 공장에서 팔레트와 박스를 자율주행으로 옮기는 AMR과 관제 소프트웨어를 공급합니다.", keywords: ["AMR", "자율주행 로봇", "물류 자동화", "관제 시스템"], english: "Autonomous mobile robots for warehouses and factories."),
            Product(summary: "협동로봇 용접·조립 자동화 셀", detail: "중소 제조기업이 쉽게 도입할 수 있는 협동로봇 용접 셀과 티칭 없는 경로 생성 소프트웨어를 제공합니다.", keywords: ["협동로봇", "용접 자동화", "스마트공장"], english: "Collaborative-robot welding cells for small manufacturers."),
        ],
        "fintech": [
            Product(summary: "소상공인 매출채권 기반 대안신용평가", detail: "카드매출과 배달앱 정산 데이터로 소상공인의 신용을 평가해 금융기관의 대출 심사를 돕습니다.", keywords: ["대안신용평가", "소상공인 금융", "매출채권", "핀테크"], english: "Alternative credit scoring for small merchants."),
            Product(summary: "블록체인 기반 탄소배출권 거래 플랫폼", detail: "중소기업의 감축 실적을 블록체인으로 검증·기록하고 탄소배출권 거래를 중개합니다.", keywords: ["블록체인", "탄소배출권", "토큰화", "ESG 금융"], english: "Blockchain platform for verified carbon-credit trading."),
        ],
        "bio-medical": [
            Product(summary: "항체 신약 후보물질 발굴 플랫폼", detail: "AI 구조예측과 자체 라이브러리로 난치성 질환 항체 후보물질을 빠르게 발굴하고 전임상을 진행합니다.", keywords: ["항체 신약", "후보물질 발굴", "전임상", "바이오"], english: "Antibody drug discovery platform with AI structure prediction."),
            Product(summary: "현장형 분자진단 키트", detail: "30분 안에 감염병 유전자를 검출하는 현장형 분자진단 키트와 휴대용 장비를 개발했습니다.", keywords: ["분자진단", "POCT", "진단키트", "감염병"], english: "Point-of-care molecular diagnostic kits."),
        ],
        "digital-health": [
            Product(summary: "치매 조기진단 디지털 바이오마커", detail: "음성과 시선 추적 데이터로 경도인지장애와 알츠하이머 치매 위험을 조기에 선별하는 소프트웨어 의료기기입니다.", keywords: ["치매", "알츠하이머", "디지털 바이오마커", "SaMD"], english: "Digital biomarkers for early dementia screening."),
            Product(summary: "만성질환 원격 모니터링 서비스", detail: "웨어러블과 연동해 고혈압·당뇨 환자의 생체신호를 모니터링하고 의료진에게 이상 징후를 알립니다.", keywords: ["원격 모니터링", "웨어러블", "만성질환"], english: "Remote monitoring for chronic disease patients."),
        ],
        "mobility": [
            Product(summary: "전기차 충전 인프라 운영 플랫폼", detail: "아파트와 상업시설의 전기차 충전기를 통합 관제하고 전력 피크를 고려한 스마트 충전을 제공합니다.", keywords: ["전기차 충전", "스마트 충전", "모빌리티 플랫폼"], english: "Operating platform for EV charging infrastructure."),
            Product(summary: "자율주행 셔틀 원격관제 시스템", detail: "자율주행 셔틀의 위치와 상태를 원격으로 관제하고 돌발 상황에 원격 개입하는 시스템을 개발합니다.", keywords: ["자율주행", "원격관제", "셔틀", "V2X"], english: "Remote supervision for autonomous shuttles."),
        ],
        "smart-manufacturing": [
            Product(summary: "중소 제조기업용 스마트공장 구축 패키지", detail: "센서와 MES를 묶은 패키지로 중소 제조기업이 3개월 안에 스마트공장을 구축하도록 돕고, 설비 예지보전까지 제공합니다.", keywords: ["스마트공장", "MES", "예지보전", "스마트팩토리"], english: "Smart-factory package with MES and predictive maintenance for SMEs."),
            Product(summary: "디지털트윈 기반 공정 시뮬레이션", detail: "생산 공정을 디지털트윈으로 구현해 라인 변경 전 병목과 생산량을 시뮬레이션합니다.", keywords: ["디지털트윈", "공정 시뮬레이션", "스마트제조"], english: "Digital twin for production process simulation."),
        ],
        "smart-service": [
            Product(summary: "무인 매장 운영 솔루션", detail: "출입 인증, 스마트 선반, 무인 결제를 결합해 24시간 무인 매장 운영을 지원합니다.", keywords: ["무인 매장", "스마트 리테일", "키오스크"], english: "Unmanned store operation solution."),
        ],
        "semiconductor": [
            Product(summary: "엣지 AI 추론용 저전력 NPU 설계", detail: "CCTV와 로봇에 들어가는 엣지 AI 추론용 저전력 NPU를 설계하고 소프트웨어 개발 도구를 제공합니다.", keywords: ["NPU", "시스템반도체", "엣지 AI", "팹리스"], english: "Low-power NPU design for edge AI inference."),
            Product(summary: "반도체 공정 장비 부품 세정 기술", detail: "식각 장비 부품의 오염을 친환경 공정으로 세정해 부품 수명을 늘립니다.", keywords: ["반도체 장비", "부품 세정", "공정 소재"], english: "Eco-friendly cleaning of semiconductor equipment parts."),
        ],
        "battery-energy": [
            Product(summary: "폐배터리 잔존수명 진단과 재사용", detail: "전기차 폐배터리의 잔존수명을 비파괴로 진단하고 ESS용으로 재사용하는 기술을 보유하고 있습니다.", keywords: ["이차전지", "배터리 재사용", "잔존수명 진단", "ESS"], english: "Diagnosing and reusing retired EV batteries."),
            Product(summary: "실리콘 음극재 소재 개발", detail: "이차전지 에너지 밀도를 높이는 실리콘 음극재와 바인더를 개발해 배터리 제조사와 실증 중입니다.", keywords: ["음극재", "배터리 소재", "이차전지"], english: "Silicon anode materials for higher-density batteries."),
        ],
        "media-content": [
            Product(summary: "버추얼 휴먼 콘텐츠 제작 스튜디오", detail: "실시간 모션캡처와 AI 음성으로 기업 홍보용 버추얼 휴먼 콘텐츠를 제작합니다.", keywords: ["버추얼 휴먼", "콘텐츠 제작", "모션캡처"], english: "Virtual-human content production studio."),
        ],
        "beauty-fashion": [
            Product(summary: "AI 피부 진단 맞춤형 화장품", detail: "스마트폰 사진으로 피부 상태를 진단하고 성분을 맞춘 화장품을 소량 생산합니다.", keywords: ["맞춤형 화장품", "피부 진단", "K-뷰티"], english: "AI skin diagnosis and personalised cosmetics."),
        ],
        "commerce": [
            Product(summary: "중소 브랜드 해외 역직구 풀필먼트", detail: "중소 브랜드의 상품을 해외 마켓플레이스에 등록하고 물류·통관·CS까지 대행합니다.", keywords: ["역직구", "풀필먼트", "크로스보더 커머스"], english: "Cross-border fulfilment for small brands."),
        ],
        "environment": [
            Product(summary: "폐플라스틱 열분해 재생유 생산", detail: "선별이 어려운 폐플라스틱을 열분해해 재생유를 만들고 석유화학 원료로 공급합니다.", keywords: ["열분해", "폐플라스틱", "자원순환", "ESG"], english: "Pyrolysis of waste plastics into recycled oil."),
            Product(summary: "기업 탄소배출량 측정·보고 SaaS", detail: "공급망 전체의 탄소배출량(Scope 1~3)을 자동으로 산정하고 ESG 공시 보고서를 만듭니다.", keywords: ["탄소중립", "Scope 3", "ESG 공시", "탄소회계"], english: "Carbon accounting SaaS for ESG disclosure."),
        ],
        "foodtech": [
            Product(summary: "식물성 대체육 제조 기술", detail: "고수분 압출 공정으로 식감이 좋은 식물성 대체육을 만들고 급식·외식 기업에 공급합니다.", keywords: ["대체육", "식물성 단백질", "푸드테크"], english: "Plant-based meat with high-moisture extrusion."),
        ],
        "edutech": [
            Product(summary: "AI 코딩 교육 플랫폼", detail: "학생의 코드를 AI가 분석해 맞춤 피드백을 주는 초중고 코딩 교육 플랫폼을 운영합니다.", keywords: ["코딩 교육", "에듀테크", "AI 튜터"], english: "AI coding education platform for schools."),
        ],
        "proptech": [
            Product(summary: "건물 에너지 관리 시스템(BEMS)", detail: "건물의 냉난방과 조명 데이터를 분석해 에너지 사용량을 20% 줄이는 BEMS를 제공합니다.", keywords: ["BEMS", "건물 에너지", "프롭테크"], english: "Building energy management system."),
        ],
        "security": [
            Product(summary: "제로트러스트 기반 원격접속 보안", detail: "재택·협력사 원격접속을 제로트러스트 방식으로 통제하고 접속 이력을 감사합니다.", keywords: ["제로트러스트", "원격접속", "정보보안"], english: "Zero-trust remote access security."),
        ],
        "aerospace": [
            Product(summary: "초소형 위성 영상 분석 서비스", detail: "초소형 위성 영상을 AI로 분석해 농작물 작황과 재난 피해를 모니터링합니다.", keywords: ["초소형 위성", "위성영상", "우주항공"], english: "Small-satellite imagery analytics."),
        ],
    ]

    static let namePrefixes = [
        "누리", "한빛", "다온", "가람", "온새", "미르", "새봄", "푸른", "하늘", "바른", "두레", "아라", "도담", "라온",
        "에코", "스마트", "퓨처", "넥스트", "딥", "브이", "큐브", "제이", "엠", "그린", "테크", "블루",
    ]
    static let nameSuffixes = ["랩스", "테크", "솔루션", "로보틱스", "바이오", "에너지", "소프트", "데이터", "인더스트리", "웍스"]

    static let demandOrganizations: [(name: String, size: String, field: String, summary: String)] = [
        ("한결전자", "large", "semiconductor", "반도체·디스플레이 부품을 만드는 대기업"),
        ("대한케미칼", "large", "battery-energy", "이차전지 소재와 석유화학 제품 제조"),
        ("누리텔레콤", "large", "network", "유무선 통신과 5G 특화망 사업자"),
        ("하늘항공우주", "large", "aerospace", "항공기 부품과 위성 시스템 제조"),
        ("서해중공업", "large", "smart-manufacturing", "조선·플랜트 설비 제조"),
        ("새빛유통", "large", "commerce", "전국 대형마트와 온라인몰 운영"),
        ("한길건설", "large", "proptech", "주택·인프라 건설"),
        ("동방제약", "large", "bio-medical", "전문의약품과 바이오시밀러 개발"),
        ("미래모터스", "large", "mobility", "자동차와 전장부품 제조"),
        ("온누리식품", "large", "foodtech", "가공식품과 급식 사업"),
        ("보람금융지주", "large", "fintech", "은행·카드·보험 계열사를 둔 금융지주"),
        ("태평양뷰티", "large", "beauty-fashion", "화장품·생활용품 제조"),
        ("한성정밀", "midsize", "smart-manufacturing", "자동차 정밀부품 제조 중견기업"),
        ("동진소재", "midsize", "battery-energy", "배터리 분리막 소재 중견기업"),
        ("세림의료기", "midsize", "digital-health", "의료기기 제조 중견기업"),
        ("아라물류", "midsize", "robot", "수도권 물류센터 운영 중견기업"),
        ("청솔에듀", "midsize", "edutech", "교육 콘텐츠 출판·서비스"),
        ("금강에너지", "midsize", "cleantech", "도시가스·수소충전소 운영"),
        ("우리보안", "midsize", "security", "보안관제 서비스 중견기업"),
        ("다솜패션", "midsize", "beauty-fashion", "패션 브랜드 유통"),
        ("한빛정밀화학", "sme", "environment", "정밀화학 제품 제조 중소기업"),
        ("성수식품", "sme", "foodtech", "HMR 가공식품 제조 중소기업"),
        ("한국수자원공사(데모)", "publicInstitution", "environment", "물 관리와 수자원 인프라를 운영하는 공공기관"),
        ("서울교통공사(데모)", "publicInstitution", "mobility", "도시철도를 운영하는 공공기관"),
        ("한국전력공사(데모)", "publicInstitution", "battery-energy", "전력 송배전을 맡은 공공기관"),
        ("국민건강보험공단(데모)", "publicInstitution", "digital-health", "건강보험을 운영하는 공공기관"),
        ("한국도로공사(데모)", "publicInstitution", "mobility", "고속도로 건설·운영 공공기관"),
        ("서울시설공단(데모)", "publicInstitution", "smart-service", "서울시 공공시설 운영 공단"),
        ("한국환경공단(데모)", "publicInstitution", "environment", "환경 보전 사업 공공기관"),
        ("인천국제공항공사(데모)", "publicInstitution", "aerospace", "국제공항 운영 공공기관"),
        ("한국가스공사(데모)", "publicInstitution", "cleantech", "천연가스·수소 공급 공공기관"),
        ("부산항만공사(데모)", "publicInstitution", "iot", "항만 운영 공공기관"),
    ]

    static let investors: [(name: String, type: String, summary: String)] = [
        ("이음벤처스", "vc", "초기 기술기업에 투자하는 벤처캐피탈"),
        ("한강인베스트먼트", "vc", "시리즈A~B 성장기업 투자"),
        ("새싹파트너스", "ac", "예비창업·시드 단계 액셀러레이터"),
        ("씨앗액셀러레이터", "ac", "TIPS 운영사, 시드 투자와 보육"),
        ("한결전자 CVC", "cvc", "한결전자의 기업형 벤처캐피탈"),
        ("미래모터스 벤처투자", "cvc", "모빌리티 분야 CVC"),
        ("동방바이오 파트너스", "cvc", "바이오·헬스케어 CVC"),
        ("그린임팩트 캐피탈", "vc", "기후테크·ESG 임팩트 투자"),
    ]

    static let agencies: [(name: String, summary: String)] = [
        ("서울경제진흥원(데모)", "서울시 산하 중소기업·스타트업 지원기관, 오픈이노베이션 운영"),
        ("서울지방중소벤처기업청(데모)", "중소벤처기업부 서울 지역 소속기관, 규제·애로 해소"),
        ("창업진흥원(데모)", "중소벤처기업부 산하 창업 지원 전담기관"),
    ]

    static let research: [(name: String, summary: String)] = [
        ("서울과학기술대학교 산학협력단(데모)", "산학협력과 기술이전"),
        ("한국과학기술연구원(데모)", "정부출연연구기관, 기술사업화"),
        ("한국전자통신연구원(데모)", "ICT 분야 정부출연연구기관"),
        ("홍릉바이오연구소(데모)", "바이오·의료 실증 연구"),
    ]
}
