//! Operators as calls: `a + b` runs `Add::add` on `a`'s type, `x[i]` runs
//! `Index::index` (`IndexMut::index_mut` where it is a place), and so on.
//! Each is recorded with the left operand's receiver; resolve keeps it only
//! when that type is the crate's own and has the impl (`resolve/calls/operators.rs`).

use super::bodies::BodyVisitor;
use crate::state::raw::{Callee, Receiver};
use syn::visit::Visit;
use syn::{BinOp, UnOp};

impl BodyVisitor<'_, '_> {
    fn operator(&self, (trait_name, method): (&'static str, &'static str), operand: &syn::Expr) {
        let operand = self.receiver(operand);
        self.call(Callee::Operator {
            trait_name,
            method,
            operand,
        });
    }

    pub(super) fn binary(&mut self, node: &syn::ExprBinary) {
        if let Some(op) = binary_method(&node.op) {
            self.operator(op, &node.left);
        }
        // `x[i] += 1` indexes a place.
        if is_compound(&node.op) {
            self.place(&node.left);
        } else {
            self.visit_expr(&node.left);
        }
        self.visit_expr(&node.right);
    }

    pub(super) fn unary(&mut self, node: &syn::ExprUnary) {
        let op = match node.op {
            UnOp::Neg(_) => Some(("Neg", "neg")),
            UnOp::Not(_) => Some(("Not", "not")),
            // `*x` is `Deref`, which method receivers already see through.
            _ => None,
        };
        if let Some(op) = op {
            self.operator(op, &node.expr);
        }
        self.visit_expr(&node.expr);
    }

    /// `x[i]`: `index`, or `index_mut` where the result is a place written to.
    pub(super) fn index(&mut self, node: &syn::ExprIndex, place: bool) {
        let op = if place {
            ("IndexMut", "index_mut")
        } else {
            ("Index", "index")
        };
        self.operator(op, &node.expr);
        self.visit_expr(&node.expr);
        self.visit_expr(&node.index);
    }

    pub(super) fn assign(&mut self, node: &syn::ExprAssign) {
        self.place(&node.left);
        self.visit_expr(&node.right);
    }

    pub(super) fn reference(&mut self, node: &syn::ExprReference) {
        if node.mutability.is_some() {
            self.place(&node.expr);
        } else {
            self.visit_expr(&node.expr);
        }
    }

    /// An expression written to: an index in it is `index_mut`, as is the
    /// base of a field written to (`x[i].f = v`).
    fn place(&mut self, expr: &syn::Expr) {
        match expr {
            syn::Expr::Index(index) => self.index(index, true),
            syn::Expr::Paren(p) => self.place(&p.expr),
            syn::Expr::Field(f) if matches!(&*f.base, syn::Expr::Index(_)) => self.place(&f.base),
            other => self.visit_expr(other),
        }
    }
}

/// What `a + b` evidently is, given what `a` is: what the operator's method returns.
pub(super) fn binary_result(op: &BinOp, operand: Receiver) -> Receiver {
    match binary_method(op) {
        Some((trait_name, method)) if operand != Receiver::Unknown && !is_compound(op) => {
            Receiver::Returns(Box::new(Callee::Operator {
                trait_name,
                method,
                operand,
            }))
        }
        _ => Receiver::Unknown,
    }
}

/// The std trait and method a binary operator calls; `&&` and `||` call none.
fn binary_method(op: &BinOp) -> Option<(&'static str, &'static str)> {
    Some(match op {
        BinOp::Add(_) => ("Add", "add"),
        BinOp::Sub(_) => ("Sub", "sub"),
        BinOp::Mul(_) => ("Mul", "mul"),
        BinOp::Div(_) => ("Div", "div"),
        BinOp::Rem(_) => ("Rem", "rem"),
        BinOp::BitAnd(_) => ("BitAnd", "bitand"),
        BinOp::BitOr(_) => ("BitOr", "bitor"),
        BinOp::BitXor(_) => ("BitXor", "bitxor"),
        BinOp::Shl(_) => ("Shl", "shl"),
        BinOp::Shr(_) => ("Shr", "shr"),
        BinOp::AddAssign(_) => ("AddAssign", "add_assign"),
        BinOp::SubAssign(_) => ("SubAssign", "sub_assign"),
        BinOp::MulAssign(_) => ("MulAssign", "mul_assign"),
        BinOp::DivAssign(_) => ("DivAssign", "div_assign"),
        BinOp::RemAssign(_) => ("RemAssign", "rem_assign"),
        BinOp::BitAndAssign(_) => ("BitAndAssign", "bitand_assign"),
        BinOp::BitOrAssign(_) => ("BitOrAssign", "bitor_assign"),
        BinOp::BitXorAssign(_) => ("BitXorAssign", "bitxor_assign"),
        BinOp::ShlAssign(_) => ("ShlAssign", "shl_assign"),
        BinOp::ShrAssign(_) => ("ShrAssign", "shr_assign"),
        BinOp::Eq(_) => ("PartialEq", "eq"),
        BinOp::Ne(_) => ("PartialEq", "ne"),
        BinOp::Lt(_) => ("PartialOrd", "lt"),
        BinOp::Le(_) => ("PartialOrd", "le"),
        BinOp::Gt(_) => ("PartialOrd", "gt"),
        BinOp::Ge(_) => ("PartialOrd", "ge"),
        _ => return None,
    })
}

fn is_compound(op: &BinOp) -> bool {
    binary_method(op).is_some_and(|(_, method)| method.ends_with("_assign"))
}
