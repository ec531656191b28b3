import Foundation
import IeumCore

/// A grievance as typed into the intake form: text, shown back unchanged next to errors.
public struct GrievanceInput: Sendable, Equatable, Codable {
    public var title = ""
    public var description = ""
    public var category = ""
    public var relatedLaw = ""
    public var region = ""
    public var facility = ""
    public var contactEmail = ""

    public init() {}
}

/// The intake's values after validation.
struct ValidGrievance: Sendable {
    var title: String
    var description: String
    var category: GrievanceCategory
    var relatedLaw: String?
    var regionCode: String
    var facility: GrievanceData.Facility?
    var contactEmail: String?
}

/// A file sent with the form, before it is checked.
struct GrievanceUpload: Sendable {
    var name: String
    var bytes: [UInt8]
}

enum GrievanceLimits {
    static let titleCharacters = 200
    static let descriptionCharacters = 10_000
    static let lawCharacters = 300
    static let fileBytes = 10 * 1024 * 1024
    static let files = 3
    /// Public submissions per address per hour before the address is asked a question
    /// (`GrievanceChallenge`) with each further one; counted in the database, so every instance agrees.
    static let publicPerHour = 5
    /// Past this, an address is refused even with right answers: a shared office or a market
    /// kiosk stays usable, a script does not.
    static let addressCeilingPerHour = 60
    /// Signed-in members are known; a higher bound still stops a runaway script.
    static let memberPerHour = 20
    /// Each receipt channel (the public form; signed-in members) takes at most this many cases a
    /// minute from everyone together, so a burst from many addresses cannot flood the desk.
    static let publicPerMinute = 10
    static let memberPerMinute = 60
}

extension GrievanceInput {
    /// Checks every field and reports all problems at once, in both languages. `districts` are the
    /// 자치구 codes of the taxonomy.
    func validate(districts: Set<String>, emailRequired: Bool) -> Result<ValidGrievance, FieldErrorsError> {
        var errors = FieldErrors()
        let title = self.title.trimmed
        if title.isEmpty { errors.add("title", Localized("제목을 입력하세요.", "Enter a title.")) }
        else if title.count > GrievanceLimits.titleCharacters {
            errors.add("title", Localized("제목은 \(GrievanceLimits.titleCharacters)자 이내로 입력하세요.", "The title must be at most \(GrievanceLimits.titleCharacters) characters."))
        }
        let description = self.description.trimmed
        if description.isEmpty { errors.add("description", Localized("어떤 어려움인지 적어 주세요.", "Describe the difficulty.")) }
        else if description.count > GrievanceLimits.descriptionCharacters {
            errors.add("description", Localized("내용은 10,000자 이내로 입력하세요 (지금 \(description.count)자).", "The description must be at most 10,000 characters (now \(description.count))."))
        }
        let category = GrievanceCategory(rawValue: self.category.trimmed)
        if category == nil { errors.add("category", Localized("분야를 고르세요.", "Choose a category.")) }
        let law = relatedLaw.trimmed
        if law.count > GrievanceLimits.lawCharacters {
            errors.add("relatedLaw", Localized("관련 법령은 300자 이내로 입력하세요.", "The related law must be at most 300 characters."))
        }
        let region = self.region.trimmed
        if !districts.contains(region) { errors.add("region", Localized("자치구를 고르세요.", "Choose a district (자치구).")) }
        var facility: GrievanceData.Facility?
        if !self.facility.trimmed.isEmpty {
            facility = GrievanceData.facility(code: self.facility.trimmed)
            if facility == nil { errors.add("facility", Localized("목록에 있는 시설을 고르세요.", "Choose a facility from the list.")) }
            else if let facility, districts.contains(region), facility.region != region {
                errors.add("facility", Localized("고른 시설은 선택한 자치구에 있지 않습니다.", "The facility is not in the chosen district."))
            }
        }
        let email = contactEmail.trimmed
        if email.isEmpty {
            if emailRequired { errors.add("contactEmail", Localized("연락받을 이메일을 입력하세요.", "Enter an e-mail for replies.")) }
        } else if !OrganizationInput.looksLikeEmail(email) || email.count > 254 {
            errors.add("contactEmail", Localized("이메일을 올바르게 입력하세요 (예: name@company.co.kr).", "Enter a valid e-mail (e.g. name@company.com)."))
        }
        guard errors.isEmpty, let category else { return .failure(FieldErrorsError(errors: errors)) }
        return .success(ValidGrievance(title: title, description: description, category: category, relatedLaw: law.isEmpty ? nil : law,
                                       regionCode: region, facility: facility, contactEmail: email.isEmpty ? nil : email))
    }

    /// Checks the files: at most three, each at most 10 MB and of a known document kind by its bytes.
    static func checkFiles(_ uploads: [GrievanceUpload]) -> Localized? {
        if uploads.count > GrievanceLimits.files {
            return Localized("첨부 파일은 \(GrievanceLimits.files)개까지 올릴 수 있습니다.", "Attach at most \(GrievanceLimits.files) files.")
        }
        for upload in uploads {
            if upload.bytes.count > GrievanceLimits.fileBytes {
                return Localized("'\(upload.name)' 파일이 10MB를 넘습니다. 10MB 이하로 줄여 주세요.", "'\(upload.name)' is larger than 10 MB.")
            }
            guard let kind = DocumentKind.detect(upload.bytes), DocumentKind.claimed(byName: upload.name) == kind else {
                return Localized("'\(upload.name)'은(는) 올릴 수 없는 형식입니다. PDF, HWP, HWPX, DOCX, PPTX, PNG, JPG만 올릴 수 있습니다.",
                                 "'\(upload.name)' is not an accepted file. Use PDF, HWP, HWPX, DOCX, PPTX, PNG or JPG.")
            }
        }
        return nil
    }
}

extension FieldErrors {
    static func single(_ field: String, _ message: Localized) -> FieldErrors {
        var errors = FieldErrors()
        errors.add(field, message)
        return errors
    }
}

extension GrievanceInput: FormInput {}
