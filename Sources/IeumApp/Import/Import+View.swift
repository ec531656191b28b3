import Foundation
import IeumCore
import Plot

struct ImportFormPage: Page {
    let kind: ImportKind
    let message: Localized?

    func title(_ context: PageContext) -> String { context.t("기관 일괄 가져오기", "Import organisations") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .h1(.text(title(context))),
            .unwrap(message) { .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text(context.t($0))) },
            .section(.class("card"),
                .p(.text(context.t(
                    "엑셀에서 저장한 CSV(UTF-8 또는 CP949)나 JSON Lines 파일을 올리면, 먼저 모든 행을 검사해 오류를 행·열별로 보여 줍니다. 오류가 없을 때만 가져오며, 전부 저장되거나 하나도 저장되지 않습니다.",
                    "Upload a CSV saved by Excel (UTF-8 or CP949) or a JSON Lines file. Every row is checked first and problems are listed by row and column. Only a file without errors is imported, and then all rows or none."))),
                .p(.class("hint"), .text(context.t(
                    "열 제목 예: 기업명, 사업자등록번호, 투자단계, 기술분야, 지역, 설립연도, 임직원수, 누적투자(억원), 매출(억원), 한줄소개, 키워드. 사업자등록번호(없으면 id)가 같은 기관은 파일에 있는 열만 갱신합니다.",
                    "Header examples: 기업명, 사업자등록번호, 투자단계, 기술분야, 지역, 설립연도, 임직원수, 누적투자(억원), 매출(억원), 한줄소개, 키워드. An organisation with the same business number (or id) is updated with the file's columns only."))),
                .form(
                    .id("import-form"), .action(SiteURL.importUpload.path), .method(.post),
                    .enctype(.multipartData),
                    FormKit.csrf(context),
                    .div(.class("field"),
                         .label(.for("import-kind"), .text(context.t("기관 유형", "Kind"))),
                         .select(.id("import-kind"), .attribute(named: "name", value: "kind"),
                                 .forEach(ImportKind.allCases) { item in
                                     FormKit.option(value: item.rawValue, label: context.t(item.label), selected: item == kind)
                                 })),
                    .div(.class("field"),
                         .label(.for("import-file"), .text(context.t("파일 (CSV 또는 JSON Lines, 20MB 이하)", "File (CSV or JSON Lines, up to 20 MB)"))),
                         .input(.type(.file), .id("import-file"), .name("file"), .required(true),
                                .attribute(named: "accept", value: ".csv,.tsv,.txt,.jsonl,.json,text/csv"),
                                .attribute(named: "data-max-bytes", value: String(ImportController.maxUploadBytes)))),
                    .div(.class("actions"), .button(.type(.submit), .id("import-preview"), .class("primary"), .text(context.t("검사하기", "Check the file"))))
                ))
        )
    }
}

struct ImportPreviewPage: Page {
    let preview: ImportPreview
    let kind: ImportKind

    func title(_ context: PageContext) -> String { context.t("가져오기 검사 결과", "Import check") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let p = preview
        let encoding: String = switch p.encoding {
        case .utf8: "UTF-8"
        case .utf8WithBOM: "UTF-8 (BOM)"
        case .cp949: "CP949 (EUC-KR)"
        }
        return .div(
            .h1(.text(title(context))),
            .p(.class("meta"), .text("\(p.fileName) · \(p.format.rawValue.uppercased()) · \(encoding) · \(context.t(kind.label))")),
            .unwrap(p.fileProblem) { problem in
                .p(.class("form-error"), .id("import-summary"), .attribute(named: "role", value: "alert"), .text(context.t(problem)))
            },
            .if(p.fileProblem == nil, .p(
                .class(p.canCommit ? "flash" : "form-error"), .id("import-summary"), .attribute(named: "role", value: p.canCommit ? "status" : "alert"),
                .text(context.t(
                    "전체 \(p.recordCount)행: 신규 \(p.createCount)건, 갱신 \(p.updateCount)건, 오류가 있는 행 \(p.badRowCount)개.",
                    "\(p.recordCount) rows: \(p.createCount) new, \(p.updateCount) updates, \(p.badRowCount) rows with errors."))
            )),
            .if(!p.ignoredColumns.isEmpty, .p(.class("hint"), .text(context.t("인식하지 못해 무시하는 열: ", "Columns not recognised and ignored: ") + p.ignoredColumns.joined(separator: ", ")))),
            .if(!p.problems.isEmpty, .div(.class("table-wrap"),
                .table(
                    .class("report"), .id("import-report"),
                    .caption(.text(context.t("오류 목록 (행 번호는 엑셀에서 보이는 번호)", "Problems (row numbers as Excel shows them)"))),
                    .thead(.tr(.th(.text(context.t("행", "Row"))), .th(.text(context.t("열", "Column"))), .th(.text(context.t("사유", "Reason"))))),
                    .tbody(.forEach(p.problems.prefix(1000)) { problem in
                        .tr(.td(.text(String(problem.row))), .td(.text(problem.column)), .td(.text(context.t(problem.message))))
                    })
                ))),
            .if(p.problems.count > 1000, .p(.class("hint"), .text(context.t("처음 1,000건만 표시합니다.", "Only the first 1,000 problems are shown.")))),
            .if(!p.rows.isEmpty && p.canCommit, .div(.class("table-wrap"),
                .table(
                    .class("data"), .id("import-rows"),
                    .caption(.text(context.t("미리보기 (처음 20행)", "Preview (first 20 rows)"))),
                    .thead(.tr(.th(.text(context.t("행", "Row"))), .th(.text(context.t("처리", "Action"))), .th(.text(context.t("기관명", "Name"))),
                               .th(.text(context.t("사업자등록번호", "Business number"))), .th(.text(context.t("단계", "Stage"))))),
                    .tbody(.forEach(p.rows.prefix(20)) { row in
                        .tr(.td(.text(String(row.row))),
                            .td(.text(row.action == .create ? context.t("신규", "New") : context.t("갱신", "Update"))),
                            .td(.text(row.valid.name)),
                            .td(.text(row.valid.businessNumber?.formatted ?? "")),
                            .td(.text(row.valid.stage.map { context.t($0.label) } ?? "")))
                    })
                ))),
            .if(p.canCommit,
                .form(.id("import-confirm-form"), .action(SiteURL.importConfirm.path), .method(.post),
                      FormKit.csrf(context),
                      .div(.class("actions"),
                           .button(.type(.submit), .id("import-confirm"), .class("primary"),
                                   .text(context.t("\(p.rows.count)개 기관 가져오기", "Import \(p.rows.count) organisations"))),
                           .a(.class("button secondary"), .href(SiteURL.importUpload.path), .text(context.t("취소", "Cancel"))))),
                else: .p(.a(.class("button"), .href(SiteURL.importUpload.path), .text(context.t("파일을 고쳐 다시 올리기", "Fix the file and upload again"))))
            )
        )
    }
}

struct ImportResultPage: Page {
    let result: ImportResult
    let fileName: String

    func title(_ context: PageContext) -> String { context.t("가져오기 완료", "Import done") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(.class("card"),
            .h1(.text(title(context))),
            .p(.id("import-result"), .attribute(named: "role", value: "status"),
               .text(context.t("\(fileName): 신규 \(result.created)건, 갱신 \(result.updated)건을 저장했습니다.",
                               "\(fileName): \(result.created) created and \(result.updated) updated."))),
            .p(.a(.class("button"), .href(SiteURL.organizations(query: nil).path), .text(context.t("기관 목록 보기", "Go to the registry"))))
        )
    }
}
