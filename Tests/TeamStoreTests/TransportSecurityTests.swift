import Foundation
import Testing
import TeamStore
import TranslationMemory

/// `?sslmode=` and `sslrootcert=` in a memory's address, read as libpq reads them.
@Suite struct TransportSecurityAddressTests {
    @Test func theDefaultIsToPreferTLS() throws {
        let location = try PostgresLocation(parsing: "postgres://ana@db.example.org/tandem", environment: [:])
        #expect(location.security == .prefer)
        #expect(location.rootCertificates == nil)
        #expect(location.description == "postgres://ana@db.example.org:5432/tandem")
    }

    @Test func theAddressNamesTheModeAndTheRoots() throws {
        let location = try PostgresLocation(
            parsing: "postgres://ana@db.example.org:6432/tandem?sslmode=verify-full&sslrootcert=/etc/ssl/collective.pem",
            environment: ["PGSSLMODE": "disable"])
        #expect(location.security == .verifyFull)
        #expect(location.rootCertificates == "/etc/ssl/collective.pem")
        #expect(location.database == "tandem")
        #expect(location.port == 6432)
        #expect(location.description == "postgres://ana@db.example.org:6432/tandem?sslmode=verify-full")
    }

    @Test func theEnvironmentServesWhenTheAddressIsSilent() throws {
        let location = try PostgresLocation(
            parsing: "postgres://ana@db.example.org/tandem",
            environment: ["PGSSLMODE": "require", "PGSSLROOTCERT": "/tmp/root.pem"])
        #expect(location.security == .require)
        #expect(location.rootCertificates == "/tmp/root.pem")
        #expect(try PostgresLocation(parsing: "postgres://a@h/d?sslmode=allow", environment: [:]).security == .prefer)
    }

    @Test(arguments: [
        ("postgres://ana@h/tandem?sslmode=always", "sslmode “always” is not one of disable, prefer, require, verify-ca, verify-full"),
        ("postgres://ana@h/tandem?timeout=3", "unknown parameter “timeout” (known: sslmode, sslrootcert)"),
        ("postgres://ana@h/tandem?sslmode=", "no value for “sslmode”"),
    ])
    func aWrongParameterIsNamed(address: String, reason: String) {
        #expect {
            _ = try PostgresLocation(parsing: address, environment: [:])
        } throws: { error in
            "\(error)".hasSuffix(reason)
        }
    }
}

/// Connections to the test server, which has TLS on with a self-signed certificate for
/// 127.0.0.1 (`.ci/test-postgres.sh` writes it beside the cluster).
@Suite(.enabled(if: TestServer.isAvailable && TestServer.certificate != nil,
                "needs the test PostgreSQL server (TANDEM_TEST_POSTGRES) and its certificate (TANDEM_TEST_POSTGRES_CERT); `make test` sets both"))
struct TransportSecurityTests {

    private func server(_ query: String) throws -> PostgresLocation {
        let base = TestServer.address!.split(separator: "?").first.map(String.init)!
        return try PostgresLocation(parsing: base + query, environment: [:])
    }

    @Test func requireEncryptsTheConnection() throws {
        let info = try PostgresMaintenance.connectionInfo(at: try server("?sslmode=require"))
        let encryption = try #require(info.encryption)
        #expect(encryption.hasPrefix("TLSv1."))
        #expect(info.description.contains("encrypted (TLSv1."))
    }

    @Test func preferEncryptsWhenTheServerOffersTLS() throws {
        #expect(try PostgresMaintenance.connectionInfo(at: try server("")).encryption != nil)
    }

    @Test func disableDoesNot() throws {
        let info = try PostgresMaintenance.connectionInfo(at: try server("?sslmode=disable"))
        #expect(info.encryption == nil)
        #expect(info.description.hasSuffix("not encrypted"))
    }

    @Test func verifyFullAcceptsACertificateChainingToTheRootsGiven() throws {
        let location = try server("?sslmode=verify-full&sslrootcert=\(TestServer.certificate!)")
        #expect(try PostgresMaintenance.connectionInfo(at: location).encryption != nil)
    }

    @Test(arguments: ["verify-full", "verify-ca"])
    func verificationRefusesAnUntrustedCertificateInOneLine(mode: String) throws {
        let location = try server("?sslmode=\(mode)")
        #expect {
            _ = try PostgresMaintenance.connectionInfo(at: location)
        } throws: { error in
            let message = "\(error)"
            return message.hasPrefix("no secure connection to the PostgreSQL server at 127.0.0.1:")
                && message.contains("sslmode=\(mode)") && !message.contains("\n")
                && message.hasSuffix("the server's certificate is not trusted (name the certificate it chains to with sslrootcert=FILE)")
        }
    }

    @Test func unreadableRootsAreNamed() throws {
        let location = try server("?sslmode=verify-full&sslrootcert=/nonexistent/root.pem")
        #expect {
            _ = try PostgresMaintenance.connectionInfo(at: location)
        } throws: { error in
            "\(error)".hasSuffix("cannot read the root certificates /nonexistent/root.pem")
        }
    }

    @Test func aMemoryWorksOverTLS() throws {
        let (plain, drop) = try TestServer.newDatabase()
        defer { drop() }
        var location = plain
        location.security = .verifyFull
        location.rootCertificates = TestServer.certificate
        let store = try PostgresMemoryStore(location: location)
        defer { store.close() }
        try store.add(unit("Les sanctions visent huit entreprises.", "The sanctions target eight companies."), policy: .keepAlternatives)
        let matches = try store.lookup(MatchQuery(
            source: "Les sanctions visent neuf entreprises.", sourceLanguage: .french, targetLanguage: .english,
            minimumScore: 0.7, limit: 5))
        #expect(matches.map(\.unit.target.plainText) == ["The sanctions target eight companies."])
    }
}

extension TestServer {
    /// The test server's self-signed certificate (PEM), from `$TANDEM_TEST_POSTGRES_CERT`.
    static let certificate: String? = ProcessInfo.processInfo.environment["TANDEM_TEST_POSTGRES_CERT"].flatMap {
        FileManager.default.isReadableFile(atPath: $0) ? $0 : nil
    }
}
