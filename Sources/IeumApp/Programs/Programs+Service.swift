import Fluent
import Foundation
import IeumCore

/// Writing programs, calls, participants and targets. Only operators do it (`ProgramPolicy`);
/// each change is one transaction with its audit entry.
public enum ProgramService {
    /// Whether `actor` runs the program: an operator of its agency, or a platform operator (one who
    /// belongs to no agency). Rounds, meeting days and networks without a program are every operator's.
    public static func isRun(by actor: Principal?, programID: UUID?, on db: any Database) async throws -> Bool {
        guard let actor, actor.isOperator else { return false }
        return ProgramPolicy.can(actor, .manage(try await access(programID, on: db)))
    }

    /// The access facts of a program by id (nil: a record outside any program).
    static func access(_ programID: UUID?, on db: any Database) async throws -> ProgramAccess {
        guard let programID else { return ProgramAccess(agency: nil) }
        return ProgramAccess(agency: try await Program.find(programID, on: db)?.$operatorOrganization.id)
    }

    /// The programs an agency's operator runs (their agencies' and those without an agency); nil for
    /// a platform operator (all), empty for anyone else.
    static func programsRun(by actor: Principal, on db: any Database) async throws -> [UUID]? {
        guard actor.isOperator else { return [] }
        guard let scope = actor.operatorScope else { return nil }
        return try await Program.query(on: db).group(.or) { or in
            or.filter(\.$operatorOrganization.$id ~~ Array(scope))
            or.filter(\.$operatorOrganization.$id == nil)
        }.all().compactMap(\.id)
    }

    /// The calls of the programs `actor` runs; nil for a platform operator (all).
    static func callsRun(by actor: Principal, on db: any Database) async throws -> [UUID]? {
        guard let programs = try await programsRun(by: actor, on: db) else { return nil }
        guard !programs.isEmpty else { return [] }
        return try await Call.query(on: db).filter(\.$program.$id ~~ programs).all().compactMap(\.id)
    }

    static func requireOperator(_ actor: Principal) throws {
        guard ProgramPolicy.can(actor, .create) else { throw IeumError.forbidden }
    }

    /// An operator who runs the program, or 403 (everyone may see a program; only its operators change it).
    static func requireRun(_ program: Program, by actor: Principal, on db: any Database) async throws {
        try requireOperator(actor)
        guard ProgramPolicy.can(actor, .manage(program.access)) else { throw IeumError.forbidden }
    }

    static let agencyChangeRefused = Localized("사업의 운영기관은 플랫폼 운영자만 바꿀 수 있습니다.",
                                               "Only a platform operator changes the agency running a program.")

    /// The approved agencies a program may name as its operator.
    static func agencies(on db: any Database) async throws -> [Organization] {
        try await Organization.query(on: db).filter(\.$kind == .agency).filter(\.$status == .approved).sort(\.$name).all()
    }

    /// The approved demand organisations that may take part.
    static func demandOrganizations(on db: any Database) async throws -> [Organization] {
        try await Organization.query(on: db).filter(\.$kind == .demand).filter(\.$status == .approved).sort(\.$name).all()
    }

    static func find(_ id: UUID?, on db: any Database) async throws -> Program {
        guard let id, let program = try await Program.find(id, on: db) else { throw IeumError.notFound }
        return program
    }

    static func apply(_ valid: ValidProgram, to program: Program) {
        program.name = valid.name
        program.nameEn = valid.nameEn
        program.year = valid.year
        program.$operatorOrganization.id = valid.operatorID
        program.description = valid.description
        program.tracks = valid.tracks
    }

    static func snapshot(_ program: Program) -> [(String, String)] {
        [("name", program.name), ("nameEn", program.nameEn ?? ""), ("year", String(program.year)),
         ("operator", program.$operatorOrganization.id?.uuidString ?? ""), ("description", program.description),
         ("tracks", program.tracks.joined(separator: ", "))]
    }

    static func diff(_ old: [(String, String)], _ new: [(String, String)]) -> [String] {
        zip(old, new).compactMap { before, after in before.1 == after.1 ? nil : "\(before.0): \(before.1) → \(after.1)" }
    }

    public static func create(_ input: ProgramInput, by actor: Principal, on db: any Database, now: Date) async throws -> Program {
        try requireOperator(actor)
        let agencyIDs = Set(try await agencies(on: db).compactMap(\.id))
        let valid: ValidProgram
        switch input.validate(agencyIDs: agencyIDs) {
        case .success(let value): valid = value
        case .failure(let failure): throw IeumError.invalid(failure.errors)
        }
        if !ProgramPolicy.can(actor, .createFor(agency: valid.operatorID)) {
            var errors = FieldErrors()
            errors.add("operatorID", Localized("소속 운영기관을 운영기관으로 고르세요.", "Choose your own agency as the program's operator."))
            throw IeumError.invalid(errors)
        }
        return try await db.transaction { db in
            let program = Program()
            apply(valid, to: program)
            try await program.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "program.create", entityType: "program", entityID: program.id?.uuidString,
                                   summary: "사업 등록: \(program.name) (\(program.year))", at: now)
            return program
        }
    }

    public static func update(_ id: UUID, with input: ProgramInput, by actor: Principal, on db: any Database, now: Date) async throws -> Program {
        try requireOperator(actor)
        let agencyIDs = Set(try await agencies(on: db).compactMap(\.id))
        // The agency already named stays valid even if it is no longer approved.
        let current = try await find(id, on: db)
        try await requireRun(current, by: actor, on: db)
        let valid: ValidProgram
        switch input.validate(agencyIDs: agencyIDs.union(current.$operatorOrganization.id.map { [$0] } ?? [])) {
        case .success(let value): valid = value
        case .failure(let failure): throw IeumError.invalid(failure.errors)
        }
        if valid.operatorID != current.$operatorOrganization.id, !ProgramPolicy.can(actor, .changeAgency) {
            var errors = FieldErrors()
            errors.add("operatorID", agencyChangeRefused)
            throw IeumError.invalid(errors)
        }
        return try await db.transaction { db in
            let program = try await find(id, on: db)
            let before = snapshot(program)
            apply(valid, to: program)
            try await program.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "program.update", entityType: "program", entityID: id.uuidString,
                                   summary: "사업 수정: \(program.name)", changes: diff(before, snapshot(program)), at: now)
            return program
        }
    }

    // MARK: Calls

    static func apply(_ valid: ValidCall, to call: Call) {
        call.title = valid.title
        call.titleEn = valid.titleEn
        call.track = valid.track
        call.description = valid.description
        call.opensAt = valid.opensAt
        call.closesAt = valid.closesAt
    }

    static func snapshot(_ call: Call) -> [(String, String)] {
        [("title", call.title), ("titleEn", call.titleEn ?? ""), ("track", call.track ?? ""), ("description", call.description),
         ("opensAt", SeoulTime.dateTime(call.opensAt)), ("closesAt", SeoulTime.dateTime(call.closesAt))]
    }

    /// The program's tracks plus the call's own, so a call keeps a track the program has since renamed.
    static func validate(_ input: CallInput, program: Program, existing: Call?) throws -> ValidCall {
        let tracks = program.tracks + (existing?.track.map { [$0] } ?? [])
        switch input.validate(tracks: tracks) {
        case .success(let value): return value
        case .failure(let failure): throw IeumError.invalid(failure.errors)
        }
    }

    public static func addCall(_ input: CallInput, to programID: UUID, by actor: Principal, on db: any Database, now: Date) async throws -> Call {
        let program = try await find(programID, on: db)
        try await requireRun(program, by: actor, on: db)
        let valid = try validate(input, program: program, existing: nil)
        return try await db.transaction { db in
            let call = Call()
            call.$program.id = programID
            apply(valid, to: call)
            try await call.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "call.create", entityType: "call", entityID: call.id?.uuidString,
                                   summary: "공모 등록: \(program.name) — \(call.title) (\(SeoulTime.dateTime(call.opensAt)) ~ \(SeoulTime.dateTime(call.closesAt)))",
                                   at: now)
            return call
        }
    }

    /// A call of `programID`, or 404 (a call id under another program is not found).
    static func loadCall(_ callID: UUID?, of programID: UUID, on db: any Database) async throws -> Call {
        guard let callID, let call = try await Call.find(callID, on: db), call.$program.id == programID else { throw IeumError.notFound }
        return call
    }

    public static func updateCall(_ callID: UUID, of programID: UUID, with input: CallInput, by actor: Principal, on db: any Database, now: Date) async throws -> Call {
        let program = try await find(programID, on: db)
        try await requireRun(program, by: actor, on: db)
        let existing = try await loadCall(callID, of: programID, on: db)
        let valid = try validate(input, program: program, existing: existing)
        return try await db.transaction { db in
            let call = try await loadCall(callID, of: programID, on: db)
            let before = snapshot(call)
            apply(valid, to: call)
            try await call.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "call.update", entityType: "call", entityID: callID.uuidString,
                                   summary: "공모 수정: \(program.name) — \(call.title)", changes: diff(before, snapshot(call)), at: now)
            return call
        }
    }

    // MARK: Participants

    static func invalidParticipant(_ message: Localized) -> IeumError {
        var errors = FieldErrors()
        errors.add("organizationID", message)
        return .invalid(errors)
    }

    static let duplicateParticipant = Localized("이미 이 사업에 참여 중인 수요기관입니다.", "This demand organisation already takes part in the program.")

    public static func addParticipant(_ rawOrganizationID: String, to programID: UUID, by actor: Principal, on db: any Database, now: Date) async throws -> Organization {
        let program = try await find(programID, on: db)
        try await requireRun(program, by: actor, on: db)
        guard let orgID = UUID(uuidString: rawOrganizationID.trimmed), let org = try await Organization.find(orgID, on: db),
              org.kind == .demand, org.status == .approved
        else { throw invalidParticipant(Localized("참여 수요기관은 승인된 수요기관 중에서 고르세요.", "Choose one of the approved demand organisations.")) }
        do {
            return try await db.transaction { db in
                let existing = try await ProgramParticipant.query(on: db).filter(\.$program.$id == programID).filter(\.$organization.$id == orgID).count()
                guard existing == 0 else { throw invalidParticipant(duplicateParticipant) }
                try await ProgramParticipant(programID: programID, organizationID: orgID).create(on: db)
                try await Audit.record(on: db, actor: actor, action: "program.participant.add", entityType: "program", entityID: programID.uuidString,
                                       summary: "참여 수요기관 추가: \(program.name) — \(org.name)", at: now)
                return org
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two operators adding the same organisation at once: the unique key lets one through.
            throw invalidParticipant(duplicateParticipant)
        }
    }

    // MARK: Targets

    /// Sets the target of a metric in a period; a second value for the same metric and period replaces the first.
    public static func setTarget(_ input: TargetInput, for programID: UUID, by actor: Principal, on db: any Database, now: Date) async throws -> (ProgramTarget, created: Bool) {
        let program = try await find(programID, on: db)
        try await requireRun(program, by: actor, on: db)
        let valid: ValidTarget
        switch input.validate() {
        case .success(let value): valid = value
        case .failure(let failure): throw IeumError.invalid(failure.errors)
        }
        do {
            return try await upsert(valid, program: program, by: actor, on: db, now: now)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Someone set the same metric and period at the same moment: now it exists, so update it.
            return try await upsert(valid, program: program, by: actor, on: db, now: now)
        }
    }

    static func upsert(_ valid: ValidTarget, program: Program, by actor: Principal, on db: any Database, now: Date) async throws -> (ProgramTarget, created: Bool) {
        let programID = try program.requireID()
        return try await db.transaction { db in
            let label = "\(valid.metric.label.ko) \(valid.period)"
            if let target = try await ProgramTarget.query(on: db).filter(\.$program.$id == programID)
                .filter(\.$metric == valid.metric).filter(\.$period == valid.period).first() {
                let before = target.value
                target.value = valid.value
                try await target.save(on: db)
                try await Audit.record(on: db, actor: actor, action: "program.target.update", entityType: "program", entityID: programID.uuidString,
                                       summary: "목표 수정: \(program.name) — \(label)", changes: ["value: \(before) → \(valid.value)"], at: now)
                return (target, false)
            }
            let target = ProgramTarget()
            target.$program.id = programID
            target.metric = valid.metric
            target.period = valid.period
            target.value = valid.value
            try await target.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "program.target.create", entityType: "program", entityID: programID.uuidString,
                                   summary: "목표 설정: \(program.name) — \(label) = \(valid.value)", at: now)
            return (target, true)
        }
    }
}
