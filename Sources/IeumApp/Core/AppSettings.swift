import Vapor

struct ConfigurationKey: StorageKey {
    typealias Value = Configuration
}

extension Application {
    public var ieumConfiguration: Configuration {
        get { storage[ConfigurationKey.self] ?? Configuration() }
        set { storage[ConfigurationKey.self] = newValue }
    }
}
