/// Ends a SAML single logout by sending the OIDC clients of the ended session their logout
/// tokens at once, rather than at the next round of the back-channel service.
struct BackChannelSessionEndNotifier: SessionEndNotifier {
    let backChannel: BackChannelLogout

    func sessionEnded(sessionReference: String) async {
        await backChannel.notifyEnded()
    }
}
