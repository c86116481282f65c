import Foundation
import PforteConfiguration
import PforteOIDC
import Yams

/// Clients defined by the operator as files: one YAML document per client in `paths.clients`,
/// with the field names of a registration's metadata (``ClientRegistration``'s `Codable`
/// shape), so a file and `pforte clients show` read alike.
///
/// Files cannot hold a client secret: they tend to live in version control, and Pforte keeps
/// secrets only as digests of values it generated. A confidential client in a file therefore
/// uses `private_key_jwt`; one that needs a secret is registered with `pforte clients add`.
enum ClientFiles {
    /// Every `*.yaml` / `*.yml` file of `directory`, validated; none when it does not exist.
    ///
    /// - Throws: ``ConfigurationError`` naming the file and the field, like a bad setting.
    static func load(directory: URL) throws(ConfigurationError) -> [(registration: ClientRegistration, path: String)] {
        let names: [String]
        do {
            guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw ConfigurationError(key: "paths.clients", source: .file(path: directory.path, line: nil), reason: "cannot list the directory (\(error.localizedDescription))")
        }
        var clients: [(registration: ClientRegistration, path: String)] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = directory.appendingPathComponent(name).path
            let registration = try read(path: path)
            if let earlier = clients.first(where: { $0.registration.clientID == registration.clientID }) {
                throw ConfigurationError(key: "client_id", source: .file(path: path, line: nil),
                                         reason: "\(registration.clientID) is also defined in \(earlier.path)")
            }
            clients.append((registration, path))
        }
        return clients
    }

    private static func read(path: String) throws(ConfigurationError) -> ClientRegistration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(key: "(file)", source: .file(path: path, line: nil), reason: "cannot read the file (\(error.localizedDescription))")
        }
        let registration: ClientRegistration
        do {
            registration = try YAMLDecoder().decode(ClientRegistration.self, from: text)
        } catch {
            let refusal = ClientRegistrationError(decoding: error)
            throw ConfigurationError(key: refusal.field, source: .file(path: path, line: nil), reason: refusal.detail)
        }
        if registration.tokenEndpointAuthMethod.usesSecret {
            throw ConfigurationError(
                key: "token_endpoint_auth_method", source: .file(path: path, line: nil),
                reason: "\(registration.tokenEndpointAuthMethod.rawValue) needs a secret, which files cannot hold: use private_key_jwt, or register the client with `pforte clients add`"
            )
        }
        return registration
    }
}
