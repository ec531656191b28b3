import Fluent
import Foundation
import SQLKit

/// Sign-up (issue 16, items 1 and 2): versioned legal texts, each person's consents, e-mail
/// verification links, requests to join an organisation and invitations to one. The first
/// version of each legal text is written here; operators publish later versions.
struct CreateSignupTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // What a self-registered person joined as (startup, demand, investor, expert), to guide
        // their next step; nil for accounts made by an operator or the shell.
        try await database.schema("users").field("joined_as", .string).update()
        try await database.schema("legal_documents")
            .id()
            .field("kind", .string, .required)
            .field("version", .int, .required)
            .field("body_ko", .string, .required)
            .field("body_en", .string, .required)
            .field("published_at", .datetime, .required)
            .field("published_by", .uuid, .references("users", "id", onDelete: .setNull))
            .unique(on: "kind", "version")
            .create()
        try await database.schema("user_consents")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("document_kind", .string, .required)
            .field("document_version", .int, .required)
            .field("accepted", .bool, .required)
            .field("decided_at", .datetime, .required)
            .create()
        try await database.schema("email_verifications")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("requested_from", .string, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema("membership_requests")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("message", .string, .required)
            .field("status", .string, .required)
            .field("decided_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("organization_invitations")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("role", .string, .required)
            .field("token_hash", .string, .required)
            .field("invited_by", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("expires_at", .datetime, .required)
            .field("accepted_at", .datetime)
            .field("revoked_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX user_consents_user ON user_consents (user_id)").run()
        try await sql.raw("CREATE INDEX email_verifications_user ON email_verifications (user_id, created_at)").run()
        try await sql.raw("CREATE INDEX membership_requests_org ON membership_requests (organization_id, status)").run()
        try await sql.raw("CREATE INDEX membership_requests_user ON membership_requests (user_id)").run()
        try await sql.raw("CREATE INDEX organization_invitations_org ON organization_invitations (organization_id)").run()
        // Written with table and column names, not the model, so later renames cannot change it.
        let now = Date()
        for (kind, ko, en) in Self.firstTexts {
            try await sql.insert(into: "legal_documents")
                .columns("id", "kind", "version", "body_ko", "body_en", "published_at")
                .values(SQLBind(UUID()), SQLBind(kind), SQLBind(1), SQLBind(ko), SQLBind(en), SQLBind(now))
                .run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("joined_as").update()
        for table in ["organization_invitations", "membership_requests", "email_verifications", "user_consents", "legal_documents"] {
            try await database.schema(table).delete()
        }
    }

    /// Version 1 of each text. An operating agency adapts them (its name, its officer) and
    /// publishes version 2 from 약관 관리.
    static let firstTexts: [(String, String, String)] = [
        ("terms",
         """
         제1조 (목적) 이 약관은 운영기관이 제공하는 개방형 혁신 플랫폼 "이음"의 이용 조건과 절차, 이용자와 운영기관의 권리·의무를 정합니다.
         제2조 (회원가입) 이용자는 이 약관과 개인정보 수집·이용에 동의하고 이메일 인증을 마치면 회원이 됩니다. 기관 회원의 권한은 운영기관이 기관 등록을 승인한 뒤에 생깁니다.
         제3조 (이용자의 의무) 이용자는 사실대로 정보를 등록하고, 다른 기관의 비공개 정보를 외부에 알리지 않으며, 수요과제의 비밀유지 서약을 지킵니다.
         제4조 (게시물과 자료) 이용자가 올린 지원서·증빙·자료의 권리는 올린 이용자와 그 기관에 있습니다. 운영기관은 프로그램 운영(심사, 매칭, 성과 관리)에 필요한 범위에서만 이를 이용합니다.
         제5조 (이용 제한) 운영기관은 허위 등록, 타인 정보 도용, 서비스 방해가 확인되면 계정을 정지할 수 있으며, 그 사유를 이용자에게 알립니다.
         제6조 (탈퇴) 이용자는 언제든지 "내 계정"에서 탈퇴할 수 있습니다. 탈퇴하면 개인정보는 지체 없이 파기하며, 심사·민원 등 기록이 필요한 자료는 가명 처리하여 보관합니다.
         제7조 (약관의 변경) 운영기관은 약관을 바꿀 때 새 판을 게시하고 시행일과 바뀐 내용을 알립니다.
         """,
         """
         Article 1 (Purpose) These terms set the conditions of using "Ieum", the open innovation platform run by the operating agency, and the rights and duties of users and the agency.
         Article 2 (Joining) A person becomes a member after agreeing to these terms and to the collection and use of personal data, and after verifying their e-mail address. An organisation's rights begin once the agency approves its registration.
         Article 3 (Users' duties) Users register true information, do not disclose other organisations' confidential information, and keep the confidentiality pledges of the needs they read.
         Article 4 (Content) Applications, evidence and materials remain the rights of the users and organisations that upload them. The agency uses them only as far as running the programs (judging, matching, reporting results) requires.
         Article 5 (Restrictions) The agency may suspend an account for false registration, use of another person's identity or disruption of the service, and tells the user why.
         Article 6 (Leaving) Users may leave at any time from "My account". Their personal data is then destroyed without delay; records that audits need (judging, grievances) are kept pseudonymised.
         Article 7 (Changes) The agency publishes a new version of these terms with its effective date and what changed.
         """),
        ("privacy",
         """
         1. 처리 목적: 회원 식별과 가입 의사 확인, 프로그램 신청·심사·매칭·협업 진행과 그에 필요한 연락, 민원 처리, 성과 보고.
         2. 처리 항목: (필수) 이름, 이메일, 비밀번호(복원할 수 없게 암호화), (선택) 전화번호, 메일 언어. 서비스 이용 중 접속 기록(로그인 일시, 접속 주소)이 생성됩니다.
         3. 보유 기간: 회원 탈퇴 시까지. 마지막 로그인 후 3년 동안 이용이 없으면 30일 전에 알린 뒤 파기합니다. 관계 법령이 보존을 정한 기록은 그 기간 동안 보관합니다.
         4. 제3자 제공: 이용자가 지원한 수요기관과 프로그램 운영기관에 지원과 협업에 필요한 범위에서만 제공합니다. 그 밖에는 이용자의 동의나 법령의 근거 없이 제공하지 않습니다.
         5. 파기: 보유 기간이 끝나거나 탈퇴하면 지체 없이 파기합니다. 감사에 필요한 심사·민원 기록은 개인을 알아볼 수 없게 가명 처리합니다.
         6. 정보주체의 권리: 이용자는 "내 계정"에서 자기 정보를 내려받고(열람), 고치고, 동의를 철회하고, 탈퇴(삭제)할 수 있습니다.
         7. 안전성 확보 조치: 비밀번호와 토큰은 해시로만 보관하고, 접근 권한을 역할별로 제한하며, 관리자 작업을 감사 로그에 기록합니다.
         8. 개인정보 보호책임자: 운영기관이 이 방침의 새 판에 담당 부서와 연락처를 적습니다.
         """,
         """
         1. Purposes: identifying members and confirming their wish to join; applications, judging, matching and collaborations in the programs and the contact they need; handling grievances; reporting results.
         2. Items: (required) name, e-mail, password (stored so it cannot be recovered); (optional) phone number, language of e-mails. Using the service creates access records (time of sign-in, client address).
         3. Retention: until the member leaves. An account unused for three years after its last sign-in is destroyed, with a notice 30 days before. Records that laws require to keep are kept for that period.
         4. Provision to third parties: only to the demand organisations a user applies to and the agencies running the programs, as far as the application and collaboration need; otherwise never without the user's consent or a legal basis.
         5. Destruction: without delay at the end of retention or when a member leaves. Judging and grievance records that audits need are pseudonymised so no person can be identified.
         6. Rights: from "My account" users download (access), correct, withdraw consents, and leave (erase).
         7. Safeguards: passwords and tokens are stored only as hashes, access is limited by role, and administrators' actions are written to the audit log.
         8. Privacy officer: the agency names its department and contact in a new version of this policy.
         """),
        ("collection",
         """
         개인정보 수집·이용 동의 (필수)
         - 수집·이용 항목: 이름, 이메일, 비밀번호, 전화번호(선택 입력), 메일 언어
         - 수집·이용 목적: 회원 식별과 가입 의사 확인, 프로그램 신청·심사·매칭·협업 진행에 필요한 연락, 알림 발송
         - 보유·이용 기간: 회원 탈퇴 시까지 (마지막 로그인 후 3년간 이용이 없으면 30일 전 안내 후 파기)
         - 동의를 거부할 권리가 있으며, 거부하면 회원가입을 할 수 없습니다.
         """,
         """
         Consent to collecting and using personal data (required)
         - Items: name, e-mail, password, phone number (optional), language of e-mails
         - Purposes: identifying members and confirming their wish to join; contact needed for applications, judging, matching and collaborations; notices
         - Retention: until you leave (an account unused for three years after its last sign-in is destroyed after a notice 30 days before)
         - You may refuse; without this consent you cannot join.
         """),
        ("notices",
         """
         프로그램 소식·행사 안내 메일 수신 동의 (선택)
         - 항목: 이메일, 이름
         - 목적: 새 공모, 설명회, 네트워킹 행사와 같은 프로그램 소식 안내
         - 보유·이용 기간: 동의 철회 또는 회원 탈퇴 시까지
         - 동의하지 않아도 회원가입과 서비스 이용에 제한이 없습니다. "내 계정"에서 언제든지 철회할 수 있습니다.
         """,
         """
         Consent to e-mails about programs and events (optional)
         - Items: e-mail, name
         - Purpose: news of programs such as new calls, briefings and networking events
         - Retention: until you withdraw the consent or leave
         - Joining and using the service do not depend on it. You can withdraw it at any time in "My account".
         """),
    ]
}
