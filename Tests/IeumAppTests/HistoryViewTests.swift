import Foundation
import IeumCore
import Plot
import Testing
@testable import IeumApp

/// The three history tables (need, application, grievance) show through one shape and one view.
@Suite("History view")
struct HistoryViewTests {
    @Test("every history table gives the same entry: when, who, from → to (or what happened), note; the jobs show as 시스템")
    func oneShape() {
        let at = Date(timeIntervalSince1970: 1_796_000_000)
        let need = NeedEvent(needID: UUID(), from: .submitted, to: .published, actor: nil, note: "게시 승인", at: at)
        #expect(need.historyEntry.by == "system")
        #expect(need.historyEntry.change == Localized("\(NeedStatus.submitted.label.ko) → \(NeedStatus.published.label.ko)",
                                                      "\(NeedStatus.submitted.label.en) → \(NeedStatus.published.label.en)"))
        let first = ApplicationEvent(applicationID: UUID(), from: nil, to: .submitted, actor: nil, note: "", at: at)
        #expect(first.historyEntry.change == ApplicationStatus.submitted.label, "the first line has no arrow")

        let grievance = GrievanceEvent()
        grievance.kind = "classified"
        grievance.toStatus = nil
        grievance.actorName = "김담당"
        grievance.note = "처리기한 2027-01-05"
        grievance.at = at
        #expect(grievance.historyEntry.change == GrievanceView.eventLabel("classified"))

        for language in [Lang.ko, .en] {
            let context = PageContext(language: language, actor: nil, csrfToken: "t", path: "/")
            let html = HistoryView.section(Localized("변경 이력", "History"), [need.historyEntry, grievance.historyEntry], context: context).render()
            #expect(html.contains(language == .ko ? "시스템" : "System"))
            #expect(!html.contains(">system<"), "no internal actor name on the page")
            #expect(html.contains(SeoulTime.dateTime(at)))
            #expect(html.contains(language == .ko ? NeedStatus.published.label.ko : NeedStatus.published.label.en))
            #expect(html.contains("김담당") && html.contains("처리기한 2027-01-05"))
            #expect(html.range(of: "게시 승인")!.lowerBound < html.range(of: "김담당")!.lowerBound, "entries in the order given (oldest first)")
        }
    }
}
