import Foundation

/// Shares database reads between concurrent requests without ever handing a request a read that
/// began before it did: a caller joins the load that has not begun yet, or queues one that begins
/// when the running load ends. Loads run one at a time, so N requests arriving together cost one
/// or two loads instead of N, and each still sees every change committed before it arrived — the
/// rule the change feed promises ("the next request after a commit sees it, on any instance").
actor FreshLoads<Value: Sendable> {
    /// The load not begun yet, which anyone arriving now may share.
    private var waiting: (id: Int, task: Task<Value, any Error>)?
    /// The most recent load: the next one begins after it ends.
    private var latest: Task<Value, any Error>?
    private var counter = 0
    /// How many loads ran (for tests: N concurrent callers, far fewer loads).
    private(set) var loads = 0

    func value(_ load: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let waiting { return try await waiting.task.value }
        counter += 1
        let id = counter
        let before = latest
        let task = Task<Value, any Error> {
            if let before { _ = try? await before.value }
            await self.begin(id)
            return try await load()
        }
        waiting = (id, task)
        latest = task
        return try await task.value
    }

    /// From here on the load may have read something a newcomer must not be given.
    private func begin(_ id: Int) {
        if waiting?.id == id { waiting = nil }
        loads += 1
    }
}
