//! The EPC QR code of an invoice ("GiroCode", EPC069-12): what a banking app scans to pay it
//! by SEPA credit transfer — the co-op's name, IBAN and BIC, the amount in euro and the
//! payment reference.

use crate::engine::invoice::Invoice;
use pdf_writer::Content;
use qrcodegen::{QrCode, QrCodeEcc};

/// The code's text (version 002, UTF-8): for an invoice in euro with the co-op's account;
/// none for a credit note or another currency.
pub fn payload(inv: &Invoice) -> Option<String> {
    let bank = inv.bank?;
    if inv.credit_note || inv.currency != "EUR" || !inv.total.is_positive() {
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

/// Draws the code as black squares, `side` points wide with its quiet zone, its lower left
/// corner at (x, y); each row's runs of dark modules as one rectangle.
pub fn draw(content: &mut Content, payload: &str, x: f32, y: f32, side: f32) {
    // EPC069-12 asks for error correction level M.
    let Ok(code) = QrCode::encode_text(payload, QrCodeEcc::Medium) else {
        return;
    };
    let n = code.size();
    let module = side / (n + 8) as f32;
    let (left, top) = (x + 4.0 * module, y + side - 4.0 * module);
    content.set_fill_gray(0.0);
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if !code.get_module(col, row) {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && code.get_module(col, row) {
                col += 1;
            }
            let (mx, my) = (
                left + start as f32 * module,
                top - (row + 1) as f32 * module,
            );
            content.rect(mx, my, (col - start) as f32 * module, module);
        }
    }
    content.fill_nonzero();
}
