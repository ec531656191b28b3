#!/usr/bin/env python3
"""Deterministic data for scripts/scale-test.sh: startups as a CSV the real importer reads
(`ieum import startups FILE`) and needs as JSON Lines of the web form's fields (POST /needs).

    scripts/scale/generate.py --startups 100000 --needs 10000 --seed 18 --out DIR

Writes DIR/startups.csv (UTF-8 with BOM, the Korean headers of the import) and DIR/needs.jsonl.
Technology fields, regions and stages come from the taxonomy the app seeds
(Sources/IeumApp/Resources/Data/taxonomy.json), so every row passes the importer's checks.
Standard library only; the same seed gives the same files.
"""
import argparse
import csv
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TAXONOMY = ROOT / "Sources/IeumApp/Resources/Data/taxonomy.json"

STAGES = ["예비창업", "시드", "프리A", "시리즈A", "시리즈B", "시리즈C"]
WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5]

# Words a startup's profile and a need's text share, by field code; fields not listed use GENERIC.
FIELD_WORDS = {
    "ai": ["AI 비전검사", "자연어 처리", "음성 인식", "추천 알고리즘", "생성형 AI", "이상 탐지", "OCR", "챗봇"],
    "data": ["데이터 플랫폼", "수요 예측", "데이터 시각화", "로그 분석", "데이터 레이크", "실시간 대시보드"],
    "network": ["5G 특화망", "엣지 컴퓨팅", "저지연 통신", "네트워크 슬라이싱", "무선 백홀"],
    "robot": ["협동로봇", "물류 로봇", "자율주행 로봇", "로봇 팔 제어", "서비스 로봇", "피킹 자동화"],
    "fintech": ["블록체인 정산", "간편결제", "신용평가 모델", "이상거래 탐지", "토큰 증권", "전자 지갑"],
    "bio-medical": ["체외진단", "의료영상 분석", "신약 후보물질", "바이오마커", "세포 치료제", "진단 키트"],
    "digital-health": ["원격 진료", "웨어러블 심전도", "복약 관리", "디지털 치료제", "건강 데이터"],
    "bio-health": ["마이크로바이옴", "건강기능식품", "유전체 분석", "바이오 소재"],
    "mobility": ["자율주행", "전기차 충전", "차량 관제", "모빌리티 공유", "라이다 센서", "UAM"],
    "smart-manufacturing": ["스마트공장", "예지보전", "디지털트윈", "MES", "공정 최적화", "설비 모니터링"],
    "smart-service": ["무인 매장", "키오스크", "스마트 빌딩", "예약 플랫폼"],
    "semiconductor": ["AI 반도체", "전력 반도체", "팹리스 설계", "웨이퍼 검사", "패키징 공정"],
    "battery-energy": ["배터리 재사용", "BMS", "전고체 전지", "ESS", "배터리 진단", "양극재"],
    "media-content": ["숏폼 영상", "웹툰 제작", "AI 더빙", "미디어 아카이브", "콘텐츠 추천"],
    "commerce": ["라이브 커머스", "물류 최적화", "재고 관리", "풀필먼트", "리테일 분석"],
    "environment": ["탄소중립", "탄소 배출량 측정", "폐기물 선별", "수처리", "미세먼지 저감", "ESG 공시"],
    "security": ["제로트러스트", "악성코드 탐지", "개인정보 비식별화", "보안 관제", "인증 솔루션"],
    "iot": ["IoT 센서", "원격 모니터링", "스마트 계량기", "저전력 무선", "센서 네트워크"],
    "xr": ["디지털 휴먼", "VR 교육 훈련", "AR 원격 지원", "메타버스 전시"],
    "cleantech": ["수소 연료전지", "태양광 발전", "그린수소", "에너지 관리 시스템"],
    "agritech": ["스마트팜", "작물 생육 분석", "수직 농장", "농업 드론"],
}
GENERIC = ["클라우드", "SaaS", "업무 자동화", "모바일 앱", "API 연동", "품질 관리"]

NAME_HEADS = ["한빛", "누리", "온새", "다온", "가람", "미르", "새봄", "하람", "이룸", "라온", "초록", "바른", "슬기", "든든",
              "큰길", "늘품", "푸른", "아름", "도담", "해솔", "별빛", "빛나", "솔빛", "나래", "윤슬", "여울", "마루", "단비"]
NAME_TAILS = ["랩스", "테크", "로보틱스", "바이오", "에너지", "모빌리티", "데이터", "소프트", "시스템즈", "솔루션",
              "이노베이션", "헬스케어", "AI", "메디칼", "네트웍스", "팩토리", "그린", "머티리얼즈"]
DEMAND_UNITS = ["생산기술팀", "품질혁신팀", "디지털전환팀", "구매팀", "R&D센터", "ESG경영팀", "신사업팀", "안전환경팀"]
SUPPORT = ["testBed", "dataAccess", "cvcInvestment"]


def business_number(n: int) -> str:
    """A 사업자등록번호 with a valid check digit (the importer checks it)."""
    lead = [int(c) for c in f"{700000000 + n:09d}"]
    total = sum(d * w for d, w in zip(lead, WEIGHTS)) + (lead[8] * 5) // 10
    digits = "".join(map(str, lead)) + str((10 - total % 10) % 10)
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def words_for(code: str) -> list:
    return FIELD_WORDS.get(code, GENERIC)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--startups", type=int, required=True)
    parser.add_argument("--needs", type=int, required=True)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    taxonomy = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    fields = [(f["code"], f["nameKo"]) for f in taxonomy["fields"] if f["code"] != "others"]
    regions = [r["nameKo"] for r in taxonomy["regions"]]
    rng = random.Random(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    header = ["기업명", "사업자등록번호", "투자단계", "기술분야", "지역", "설립연도", "임직원수", "누적투자(억원)", "매출(억원)", "한줄소개", "키워드"]
    with open(out / "startups.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        for i in range(args.startups):
            code, field_name = fields[rng.randrange(len(fields))]
            pool = words_for(code)
            words = rng.sample(pool, min(3, len(pool)))
            name = f"{rng.choice(NAME_HEADS)}{rng.choice(NAME_TAILS)} {i + 1:06d}"
            writer.writerow([
                name, business_number(i), rng.choice(STAGES), field_name, rng.choice(regions),
                2008 + rng.randrange(18), 2 + rng.randrange(150), round(rng.random() * 120, 1), round(rng.random() * 60, 1),
                f"{words[0]} 기반 {words[-1]} 솔루션을 만드는 {field_name} 기업", ", ".join(words),
            ])

    with open(out / "needs.jsonl", "w", encoding="utf-8") as handle:
        for i in range(args.needs):
            code, field_name = fields[rng.randrange(len(fields))]
            pool = words_for(code)
            words = rng.sample(pool, min(2, len(pool)))
            unit = rng.choice(DEMAND_UNITS)
            need = {
                "title": f"{words[0]} 실증 협력 기업 모집 ({i + 1:05d})",
                "titleEn": f"Partners for a {code} pilot ({i + 1:05d})",
                "teaser": f"{unit}에서 {words[0]}와 {words[-1]} 기술로 현장 문제를 함께 풀 {field_name} 스타트업을 찾습니다.",
                "detail": f"{unit}의 공정과 서비스에 {words[0]}을(를) 적용해 6개월간 기술검증(PoC)을 합니다. "
                          f"{words[-1]} 경험이 있는 기업을 우대하며, 현장 데이터와 테스트베드를 제공합니다.",
                "fields": [code],
                "minStage": rng.choice(["", "시드", "프리A", "시리즈A"]),
                "support": rng.sample(SUPPORT, 2),
                "startupsSought": str(1 + rng.randrange(3)),
                "contactName": "박수요",
                "contactEmail": "demand@ieum.demo",
            }
            handle.write(json.dumps(need, ensure_ascii=False) + "\n")
    print(f"generated {args.startups} startups ({out / 'startups.csv'}) and {args.needs} needs ({out / 'needs.jsonl'}), seed {args.seed}")


if __name__ == "__main__":
    main()
