import Testing
import TrueReachStore

@Suite struct StoreLocationTests {
    @Test(arguments: ["truereach.sqlite", "/var/lib/truereach/db.sqlite", "./postgres.sqlite", "postgres", "C:x"])
    func anythingButAPostgresURLIsASQLitePath(value: String) throws {
        #expect(try StoreLocation(parsing: value) == .sqlite(path: value))
    }

    @Test func postgresURLPartsAreRead() throws {
        let location = try StoreLocation(
            parsing: "postgres://ann:p%40ss%3Aword@db.internal:6543/audiences?sslmode=require")
        let expected = PostgresURL(
            host: "db.internal",
            port: 6543,
            username: "ann",
            password: "p@ss:word",
            database: "audiences",
            tlsMode: .require
        )
        #expect(location == .postgres(expected))
    }

    @Test func postgresqlSchemeDefaultsPortDatabaseAndTLS() throws {
        let location = try StoreLocation(parsing: "postgresql://ann@localhost")
        #expect(location == .postgres(PostgresURL(host: "localhost", username: "ann")))
        guard case .postgres(let url) = location else { return }
        #expect(url.port == 5432)
        #expect(url.database == nil)
        #expect(url.password == nil)
        #expect(url.tlsMode == .prefer)
    }

    @Test(arguments: [
        "postgres://",  // no host
        "postgres://localhost/db",  // no user
        "postgres://ann:secret@:5432/db",  // no host
        "postgres://ann:secret@localhost:notaport/db",  // port
        "postgres://ann:secret@localhost:70000/db",  // port range
        "postgres://ann:secret@localhost/db/extra",  // path
        "postgres://ann:secret@localhost/db?sslmode=sometimes",  // sslmode
        "postgres://ann:secret@localhost/db?application_name=x",  // unknown parameter
        "",
    ])
    func invalidLocationsSayWhatIsWrongWithoutThePassword(value: String) {
        let error = #expect(throws: StoreError.self) { _ = try StoreLocation(parsing: value) }
        #expect(error?.code == .invalidLocation)
        #expect(error.map { !$0.description.contains("secret") } == true)
    }

    @Test func descriptionRedactsThePassword() throws {
        let location = try StoreLocation(parsing: "postgres://ann:hunter2@db:5433/x?sslmode=disable")
        #expect(location.description == "postgres://ann:***@db:5433/x?sslmode=disable")
        #expect(!String(describing: location).contains("hunter2"))
        #expect(try StoreLocation(parsing: "postgres://ann@db/x").description == "postgres://ann@db:5432/x")
    }
}
