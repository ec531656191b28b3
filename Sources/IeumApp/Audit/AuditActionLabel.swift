import IeumCore

/// What an audit entry's action code (`user.login`, `collaboration.file_view` …) means, in words:
/// the area it belongs to and what was done. The code stays in the database for queries and the
/// API; people read the words.
enum AuditActionLabel {
    static func label(_ action: String) -> Localized {
        let parts = action.split(separator: ".").map(String.init)
        let area = areas[parts.first ?? ""] ?? Localized("기타", "Other")
        let verb = verbs[parts.dropFirst().joined(separator: ".")] ?? verbs[parts.last ?? ""] ?? Localized("변경", "changed")
        return Localized(area.ko + " · " + verb.ko, area.en + " · " + verb.en)
    }

    static let areas: [String: Localized] = [
        "user": Localized("계정", "Account"),
        "token": Localized("API 토큰", "API token"),
        "organization": Localized("기관", "Organisation"),
        "taxonomy": Localized("분류", "Taxonomy"),
        "program": Localized("사업", "Program"),
        "call": Localized("공모", "Call"),
        "need": Localized("수요과제", "Need"),
        "application": Localized("지원서", "Application"),
        "attachment": Localized("첨부파일", "Attachment"),
        "match": Localized("매칭", "Matching"),
        "collaboration": Localized("협업", "Collaboration"),
        "round": Localized("평가", "Evaluation"),
        "score": Localized("심사표", "Score sheet"),
        "expert": Localized("전문가", "Expert"),
        "meetings": Localized("상담회", "Meetings"),
        "network": Localized("네트워크", "Network"),
        "grievance": Localized("규제·애로", "Grievance"),
        "demo": Localized("데모 데이터", "Demo data"),
        "membership": Localized("기관 구성원", "Membership"),
        "legal": Localized("약관·동의서", "Terms and consents"),
    ]

    /// By the rest of the code (`participant.add`) or its last part (`create`).
    static let verbs: [String: Localized] = [
        "create": Localized("등록", "created"), "update": Localized("수정", "updated"), "delete": Localized("삭제", "deleted"),
        "login": Localized("로그인", "signed in"), "password": Localized("비밀번호 변경", "password changed"),
        "password-reset": Localized("비밀번호 재설정", "password reset"),
        "activate": Localized("활성화", "activated"), "deactivate": Localized("비활성화", "deactivated"),
        "status": Localized("상태 변경", "status changed"), "view": Localized("열람", "viewed"),
        "view_detail": Localized("상세 열람", "detail viewed"), "view_contact": Localized("연락처 열람", "contact viewed"),
        "gate_override": Localized("단계 예외 승인", "stage gate overridden"), "contact-erased": Localized("연락처 파기", "contact erased"),
        "file_view": Localized("파일 열람", "file viewed"), "download": Localized("내려받기", "downloaded"),
        "export": Localized("내보내기", "exported"), "import": Localized("가져오기", "imported"),
        "upload": Localized("파일 올림", "file uploaded"), "file_upload": Localized("파일 올림", "file uploaded"),
        "file": Localized("접수", "filed"), "load": Localized("불러오기", "loaded"),
        "submit": Localized("제출", "submitted"), "save": Localized("저장", "saved"),
        "invite": Localized("초대", "invited"), "pledge": Localized("비밀유지 서약", "pledge"),
        "feedback": Localized("추천 피드백", "recommendation feedback"),
        "funding": Localized("자금 기록", "funding recorded"), "milestone": Localized("마일스톤", "milestone"),
        "milestone_done": Localized("마일스톤 완료", "milestone done"), "outcome": Localized("성과 등록", "outcome recorded"),
        "outcome_confirm": Localized("성과 확인", "outcome confirmed"), "outcome_reject": Localized("성과 반려", "outcome rejected"),
        "request_stage": Localized("단계 요청", "stage requested"), "refuse_stage": Localized("단계 반려", "stage refused"),
        "stage": Localized("단계 변경", "stage changed"), "assign": Localized("배정", "assigned"),
        "assign.manual": Localized("수동 배정", "assigned by hand"), "classify": Localized("분류", "classified"),
        "route": Localized("이송 경로", "routing"), "affiliation": Localized("소속 이력", "affiliation"),
        "attendance": Localized("출석", "attendance"), "cancel": Localized("취소", "cancelled"),
        "move": Localized("시간 변경", "moved"), "participant": Localized("참가자", "participant"),
        "priorities": Localized("우선순위", "priorities"), "schedule": Localized("편성", "scheduled"),
        "event": Localized("행사", "event"), "event.held": Localized("행사 개최 기록", "event held"),
        "join": Localized("가입", "join"), "material": Localized("행사 자료", "event material"),
        "material.download": Localized("행사 자료 열람", "event material viewed"), "member": Localized("회원", "member"),
        "task": Localized("공동과제", "joint task"), "participant.add": Localized("참여기관 추가", "participant added"),
        "target.create": Localized("목표 등록", "target set"), "target.update": Localized("목표 수정", "target changed"),
        "award": Localized("포상", "award"), "close": Localized("마감", "closed"), "open": Localized("시작", "opened"),
        "entries": Localized("평가 대상", "entries"), "judge": Localized("심사위원", "judge"), "rubric": Localized("평가 기준", "criteria"),
        "select": Localized("선정", "selected"), "settings": Localized("설정", "settings"), "reopen": Localized("다시 열기", "reopened"),
        "approve": Localized("승인", "approved"), "reject": Localized("반려", "rejected"),
        "approved": Localized("승인", "approved"), "rejected": Localized("반려", "rejected"), "pending": Localized("승인 대기로", "back to pending"),
        "publish": Localized("공개", "published"), "returnToDraft": Localized("작성 중으로 되돌림", "returned to draft"),
        "start": Localized("처리 시작", "started"), "resolve": Localized("처리 완료", "resolved"), "transfer": Localized("이송", "transferred"),
        "password-reset-request": Localized("비밀번호 재설정 요청", "password reset requested"),
        "revoke-all": Localized("모두 폐기", "all revoked"),
        "password-reset-sent": Localized("재설정 링크 발송", "reset link sent"), "role": Localized("역할 변경", "role changed"),
        // Sign-up and organisation membership (issue 16, items 1 and 2).
        "signup": Localized("회원가입", "signed up"), "verify-email": Localized("이메일 인증", "e-mail verified"),
        "request": Localized("가입 요청", "asked to join"), "accept": Localized("가입 수락", "request accepted"),
        "refuse": Localized("가입 거절", "request refused"), "invite-accept": Localized("초대 수락", "invitation accepted"),
        "invite-revoke": Localized("초대 취소", "invitation revoked"), "leave": Localized("기관에서 나감", "left"),
        "remove": Localized("구성원 제외", "member removed"),
        // Personal data (issue 16, item 6).
        "inactivity-notice": Localized("장기 미사용 삭제 예정 안내", "inactivity notice sent"),
        "purge-inactive": Localized("장기 미사용 계정 삭제", "deleted after inactivity"),
        "two-factor.enable": Localized("2단계 인증 켬", "two-factor sign-in turned on"),
        "two-factor.disable": Localized("2단계 인증 끔", "two-factor sign-in turned off"),
        "two-factor.reset": Localized("운영자가 2단계 인증 해제", "two-factor sign-in turned off by an operator"),
        "two-factor.recovery-codes": Localized("복구 코드 새로 발급", "new recovery codes"),
        "two-factor.recovery-use": Localized("복구 코드로 로그인", "signed in with a recovery code"),
    ]

    /// Whether `action` has words of its own (not the fallback): every code the app writes must.
    static func isKnown(_ action: String) -> Bool {
        let parts = action.split(separator: ".").map(String.init)
        guard let first = parts.first, areas[first] != nil, parts.count > 1 else { return false }
        return verbs[parts.dropFirst().joined(separator: ".")] != nil || verbs[parts.last ?? ""] != nil
    }
}
