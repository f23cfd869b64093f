//! The assembly's report as an A4 PDF, on the payslips' stack (pdf-writer, the embedded
//! DejaVu subset): the same document as the page, its charts drawn by plotters through a
//! backend that writes PDF operators.
