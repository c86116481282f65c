import Logging
import Testing

@testable import PforteMail

@Suite struct SMTPOutboxTests {
    private func failure(_ configuration: SMTPConfiguration) async -> SMTPError? {
        let outbox = SMTPOutbox(configuration: configuration, renderer: try! MessageRenderer(messageIDDomain: "konto.example"), logger: Logger(label: "test"))
        do {
            let address = try MailAddress("erika@example.de")
            try await outbox.send(MailMessage(from: address, to: [address], subject: "Test", body: "Test"))
            return nil
        } catch {
            return error as? SMTPError
        }
    }

    @Test func plaintextIsRefusedForHostsOtherThanLoopback() async {
        let error = await failure(SMTPConfiguration(host: "mail.example.de", port: 25, security: .none))
        #expect(error?.code == .plaintextRequiresLoopback)
    }

    @Test(arguments: [("localhost", true), ("127.0.0.1", true), ("127.1.2.3", true), ("::1", true), ("[::1]", true),
                      ("mail.example.de", false), ("128.0.0.1", false), ("127.0.0.1.example", false), ("localhost.example", false)])
    func loopbackHosts(host: String, isLoopback: Bool) {
        #expect(SMTPConfiguration(host: host, port: 25, security: .none).isLoopbackHost == isLoopback)
    }

    @Test func refusedConnectionIsATransientConnectionFailure() async throws {
        let error = await failure(SMTPConfiguration(host: "127.0.0.1", port: 1, security: .none))
        #expect(error?.code == .connectionFailed)
        #expect(error?.stage == .connect)
        #expect(error?.isTransient == true)
    }

    @Test func unreadableCAFileIsAConfigurationError() async {
        let error = await failure(SMTPConfiguration(host: "127.0.0.1", port: 1, security: .startTLSRequired, trustRoots: .pemFile("/nonexistent/ca.pem")))
        #expect(error?.code == .invalidConfiguration)
    }

    @Test func credentialsDescriptionHidesThePassword() {
        #expect("\(SMTPConfiguration.Credentials(username: "pforte", password: "geheim"))" == "pforte:<redacted>")
    }
}
