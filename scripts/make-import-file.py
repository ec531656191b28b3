#!/usr/bin/env python3
"""Writes a startup list as Korean Excel saves it (CSV in CP949 by default) for import tests and timing.

    scripts/make-import-file.py 10000 /tmp/startups-10k.csv [--encoding utf-8-sig] [--bad-rows 3]

Rows are deterministic for a given count. Generated files are not committed.
"""
import argparse
import csv
import random

WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5]
FIELDS = ["인공지능", "스마트제조", "바이오/의료", "이차전지/에너지", "모빌리티", "핀테크/블록체인", "로봇", "빅데이터", "콘텐츠/미디어", "환경/ESG"]
STAGES = ["예비창업", "시드", "프리A", "시리즈A", "시리즈B", "시리즈C", "IPO준비"]
REGIONS = ["구로구", "강서구", "서초구", "마포구", "강남구", "성동구", "판교", "대전", "부산", "G밸리"]
WORDS = ["스마트공장", "예지보전", "디지털트윈", "AI 비전검사", "배터리 재사용", "탄소중립", "원격 모니터링", "자율주행", "MES", "IoT 센서"]


def business_number(n: int) -> str:
    lead = [int(c) for c in f"{600000000 + n:09d}"]
    total = sum(d * w for d, w in zip(lead, WEIGHTS)) + (lead[8] * 5) // 10
    check = (10 - total % 10) % 10
    digits = "".join(map(str, lead)) + str(check)
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("path")
    parser.add_argument("--encoding", default="cp949")
    parser.add_argument("--bad-rows", type=int, default=0, help="how many rows get a wrong check digit")
    args = parser.parse_args()
    rng = random.Random(args.count)
    header = ["기업명", "사업자등록번호", "투자단계", "기술분야", "지역", "설립연도", "임직원수", "누적투자(억원)", "매출(억원)", "한줄소개", "키워드"]
    bad = set(rng.sample(range(args.count), args.bad_rows)) if args.bad_rows else set()
    with open(args.path, "w", encoding=args.encoding, newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        for i in range(args.count):
            number = business_number(i)
            if i in bad:
                number = number[:-1] + str((int(number[-1]) + 1) % 10)
            words = rng.sample(WORDS, 3)
            writer.writerow([
                f"테스트기업{i:05d}", number, STAGES[i % len(STAGES)], FIELDS[i % len(FIELDS)], REGIONS[i % len(REGIONS)],
                2010 + i % 15, 3 + i % 120, round(rng.random() * 80, 1), round(rng.random() * 50, 1),
                f"{words[0]}을 활용한 {words[1]} 솔루션", ", ".join(words),
            ])


if __name__ == "__main__":
    main()
