package io.forkline.server.acl;

/** An ACL SETUSER rule that cannot be applied, with Redis's reason (ACLSetUserStringError). */
final class AclRuleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final AclRuleException SYNTAX = new AclRuleException("Syntax error");
    static final AclRuleException UNKNOWN_COMMAND = new AclRuleException("Unknown command or category name in ACL");

    AclRuleException(String reason) {
        super(reason, null, false, false);
    }

    /** A rule Redis accepts that forkline does not offer. */
    static AclRuleException unsupported(String what) {
        return new AclRuleException("forkline does not support " + what);
    }
}
