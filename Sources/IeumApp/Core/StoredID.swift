import Fluent
import Foundation

extension Model where IDValue == UUID {
    /// The id of a record read from the database, for links and form values. Only a record never
    /// saved has none; it gets the nil UUID, which no route finds (404), instead of a force-unwrap
    /// stopping the server for everyone.
    var storedID: UUID { id ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) }
}
