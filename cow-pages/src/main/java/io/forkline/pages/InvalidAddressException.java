package io.forkline.pages;

/** An access to an address that is outside the address space or on a page that is not mapped. */
public final class InvalidAddressException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long address;

    public InvalidAddressException(long address, String why) {
        super(String.format("invalid address 0x%x: %s", address, why));
        this.address = address;
    }

    public long address() {
        return address;
    }
}
