import IeumCore
import Vapor

extension Request {
    /// A whole-number query parameter within `range` (`Bounded`): absent or empty gives `value`;
    /// anything else outside the range or not a whole number is a 400 that names the parameter,
    /// so no page computes with a number a person made up.
    func boundedQuery(_ name: String, in range: ClosedRange<Int>, default value: Int) throws -> Int {
        guard let raw = query[String.self, at: name], !raw.trimmed.isEmpty else { return value }
        guard let number = Bounded.int(raw, in: range) else {
            let message = Bounded.message(range)
            throw IeumError.badRequest(Localized("\(name): \(message.ko)", "\(name): \(message.en)"))
        }
        return number
    }
}
