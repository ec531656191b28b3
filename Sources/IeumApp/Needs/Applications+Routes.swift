import Vapor

extension SiteRoute {
    /// The routes of Applications: each path, its method and who may use it.
    enum Applications: Hashable, Sendable, CaseIterable {
        case show
        case editForm
        case save
        case withdraw
        case review
        case upload
        case download
        case deleteAttachment
        case autosave

        var spec: RouteSpec {
            switch self {
            case .show: RouteSpec(.GET, ["applications", ":appID"], .parties)
            case .editForm: RouteSpec(.GET, ["applications", ":appID", "edit"], .parties)
            case .save: RouteSpec(.POST, ["applications", ":appID"], .parties)
            case .withdraw: RouteSpec(.POST, ["applications", ":appID", "withdraw"], .parties)
            case .review: RouteSpec(.POST, ["applications", ":appID", "review"], .parties)
            case .upload: RouteSpec(.POST, ["applications", ":appID", "attachments"], .parties)
            case .download: RouteSpec(.GET, ["applications", ":appID", "attachments", ":fileID"], .parties)
            case .deleteAttachment: RouteSpec(.POST, ["applications", ":appID", "attachments", ":fileID", "delete"], .parties)
            case .autosave: RouteSpec(.POST, ["applications", ":appID", "draft"], .parties)
            }
        }
    }
}
