//! The EPC QR code of an invoice ("GiroCode", EPC069-12): what a banking app scans to pay it
//! by SEPA credit transfer — the co-op's name, IBAN and BIC, the amount in euro and the
//! payment reference.

use crate::engine::invoice::Invoice;
use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

/// The code's text (version 002, UTF-8): for an invoice in euro with the co-op's account;
/// none for a credit note or another currency.
pub fn payload(inv: &Invoice) -> Option<String> {
    let bank = inv.bank?;
    // EPC069-12 carries EUR 0.01 to 999999999.99.
    let most = crate::money::Money::from_cents(99_999_999_999);
    if inv.credit_note || inv.currency != "EUR" || !inv.total.is_positive() || inv.total > most {
        return None;
    }
    // The beneficiary's name is at most 70 characters; a reference is the structured one
    // when the id gives an RF reference, else the id as text (at most 140).
    let name: String = bank.name.chars().take(70).collect();
    let (structured, text) = match &inv.reference {
        Some(rf) => (rf.clone(), String::new()),
        None => (String::new(), inv.id.chars().take(140).collect()),
    };
    Some(format!(
        "BCD\n002\n1\nSCT\n{}\n{name}\n{}\nEUR{}\n\n{structured}\n{text}",
        bank.bic.as_deref().unwrap_or(""),
        bank.iban,
        inv.total
    ))
}

/// The code as a 1-bit image, a pixel a module with a quiet zone of 4 around it: its side in
/// pixels and its rows, each padded to a whole byte (0 black, 1 white, as DeviceGray reads
/// them). An image of a few hundred bytes, where drawing each module would take kilobytes.
pub fn image(payload: &str) -> Option<(i32, Vec<u8>)> {
    // EPC069-12 asks for error correction level M (not raised: a scanner sees the level the
    // code says). The mask is fixed: any of the eight is a valid code that every reader
    // decodes, and trying all eight to score them took a sixth of a month's invoicing.
    let segments = QrSegment::make_segments(payload);
    let code = QrCode::encode_segments_advanced(
        &segments,
        QrCodeEcc::Medium,
        Version::MIN,
        Version::MAX,
        Some(Mask::new(0)),
        false,
    )
    .ok()?;
    let side = code.size() + 8;
    let row_bytes = (side as usize).div_ceil(8);
    let mut bits = vec![0xFFu8; row_bytes * side as usize];
    for y in 0..code.size() {
        for x in 0..code.size() {
            if code.get_module(x, y) {
                let (px, py) = ((x + 4) as usize, (y + 4) as usize);
                bits[py * row_bytes + px / 8] &= !(0x80 >> (px % 8));
            }
        }
    }
    Some((side, bits))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_image_holds_the_code_and_its_quiet_zone() {
        let (side, bits) = super::image("BCD\n002\n1\nSCT\n").unwrap();
        // Version 1 is 21 modules, 29 with the quiet zone: 4 bytes a row.
        assert_eq!((side, bits.len()), (29, 29 * 4));
        // The quiet zone is white; the finder pattern's corner, at (4, 4), black.
        assert!(bits[..4 * 4].iter().all(|&b| b == 0xFF));
        assert_eq!(bits[4 * 4] & 0x08, 0);
    }
}
