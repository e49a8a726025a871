//! A sparse basis factorization for revised pivoting in `f64`: `B = L U` by right-looking
//! Gaussian elimination with Markowitz pivot choice and threshold partial pivoting, plus
//! product-form (eta) updates when one basis column is replaced, so the pivoting algorithm
//! only refactorizes every so often. Built for the very sparse bases of sequence-form Lemke.

/// A sparse column: `(row, value)` pairs, each row at most once.
pub type SparseCol = Vec<(usize, f64)>;

/// Threshold of partial pivoting: a pivot is at least this fraction of its column's largest
/// active entry (0.1 is the usual compromise between sparsity and stability).
const THRESHOLD: f64 = 0.1;
/// Entries below this magnitude cannot be pivots (the basis is treated as singular).
const SINGULAR: f64 = crate::tolerance::SPARSE_SINGULAR;
/// How many candidate columns the Markowitz search examines once it has a candidate.
const SEARCH_COLS: usize = 4;

/// `B = L U` (with the row and column order of elimination) and the eta file of the columns
/// replaced since.
#[derive(Clone, Debug)]
pub struct BasisFactor {
    m: usize,
    /// Row of B eliminated at step k.
    piv_row: Vec<usize>,
    /// Column (basis position) eliminated at step k.
    piv_col: Vec<usize>,
    /// Multipliers of step k: rows `l_idx[l_start[k]..l_start[k+1]]` lose `l_val × pivot row`.
    l_start: Vec<usize>,
    l_idx: Vec<usize>,
    l_val: Vec<f64>,
    /// Step k's pivot row beyond the pivot: basis positions eliminated later, and values.
    u_start: Vec<usize>,
    u_idx: Vec<usize>,
    u_val: Vec<f64>,
    u_diag: Vec<f64>,
    /// Eta file: the position replaced, its pivot and the other entries of the replaced column.
    eta_pos: Vec<usize>,
    eta_piv: Vec<f64>,
    eta_start: Vec<usize>,
    eta_idx: Vec<usize>,
    eta_val: Vec<f64>,
}

/// Doubly linked lists of active columns by their number of active entries.
struct Buckets {
    head: Vec<usize>,
    next: Vec<usize>,
    prev: Vec<usize>,
    count: Vec<usize>,
}

const NIL: usize = usize::MAX;

impl Buckets {
    fn new(m: usize) -> Self {
        Buckets {
            head: vec![NIL; m + 2],
            next: vec![NIL; m],
            prev: vec![NIL; m],
            count: vec![NIL; m],
        }
    }
    fn insert(&mut self, j: usize, c: usize) {
        let c = c.min(self.head.len() - 1);
        self.count[j] = c;
        self.prev[j] = NIL;
        self.next[j] = self.head[c];
        if self.head[c] != NIL {
            self.prev[self.head[c]] = j;
        }
        self.head[c] = j;
    }
    fn remove(&mut self, j: usize) {
        let c = self.count[j];
        if c == NIL {
            return;
        }
        if self.prev[j] != NIL {
            self.next[self.prev[j]] = self.next[j];
        } else {
            self.head[c] = self.next[j];
        }
        if self.next[j] != NIL {
            self.prev[self.next[j]] = self.prev[j];
        }
        self.count[j] = NIL;
    }
    fn update(&mut self, j: usize, c: usize) {
        self.remove(j);
        self.insert(j, c);
    }
}

impl BasisFactor {
    /// Factorizes the square matrix whose column `j` is `cols[j]` (rows `0..cols.len()`).
    /// `None` when it is (numerically) singular.
    pub fn new(cols: &[SparseCol]) -> Option<Self> {
        let m = cols.len();
        let mut col: Vec<SparseCol> = cols.to_vec();
        let mut row: Vec<Vec<usize>> = vec![vec![]; m];
        for (j, c) in col.iter().enumerate() {
            for &(i, _) in c {
                row[i].push(j);
            }
        }
        let mut buckets = Buckets::new(m);
        for (j, c) in col.iter().enumerate() {
            buckets.insert(j, c.len());
        }
        let mut f = BasisFactor {
            m,
            piv_row: Vec::with_capacity(m),
            piv_col: Vec::with_capacity(m),
            l_start: vec![0],
            l_idx: vec![],
            l_val: vec![],
            u_start: vec![0],
            u_idx: vec![],
            u_val: vec![],
            u_diag: Vec::with_capacity(m),
            eta_pos: vec![],
            eta_piv: vec![],
            eta_start: vec![0],
            eta_idx: vec![],
            eta_val: vec![],
        };
        // Where row i sits in the column being updated (plus one; 0 = absent).
        let mut mark = vec![0usize; m];
        // Multiplier of row i in the current step (0 = not in the pivot column).
        let mut mult = vec![0.0f64; m];
        let mut lrows: Vec<usize> = vec![];
        for _ in 0..m {
            let (r, c) = choose_pivot(&col, &row, &buckets)?;
            let p = col[c].iter().find(|e| e.0 == r).map(|e| e.1)?;
            // The pivot row's other entries become U; remove row r from their columns.
            let pr: Vec<usize> = row[r].clone();
            for &j in &pr {
                if j == c {
                    continue;
                }
                let k = col[j].iter().position(|e| e.0 == r).expect("row pattern");
                let (_, v) = col[j].swap_remove(k);
                f.u_idx.push(j);
                f.u_val.push(v);
            }
            // The pivot column's other entries give the multipliers.
            lrows.clear();
            for &(i, v) in &col[c] {
                if i != r {
                    let l = v / p;
                    mult[i] = l;
                    lrows.push(i);
                    f.l_idx.push(i);
                    f.l_val.push(l);
                    let k = row[i].iter().position(|&x| x == c).expect("column pattern");
                    row[i].swap_remove(k);
                }
            }
            buckets.remove(c);
            col[c].clear();
            row[r].clear();
            // Schur complement update of the columns in the pivot row.
            let u0 = f.u_start[f.u_start.len() - 1];
            for t in u0..f.u_idx.len() {
                let (j, urj) = (f.u_idx[t], f.u_val[t]);
                if !lrows.is_empty() {
                    for (k, e) in col[j].iter().enumerate() {
                        mark[e.0] = k + 1;
                    }
                    for &i in &lrows {
                        let delta = mult[i] * urj;
                        if mark[i] > 0 {
                            col[j][mark[i] - 1].1 -= delta;
                        } else {
                            col[j].push((i, -delta));
                            row[i].push(j);
                        }
                    }
                    for e in col[j].iter() {
                        mark[e.0] = 0;
                    }
                }
                buckets.update(j, col[j].len());
            }
            for &i in &lrows {
                mult[i] = 0.0;
            }
            f.piv_row.push(r);
            f.piv_col.push(c);
            f.u_diag.push(p);
            f.l_start.push(f.l_idx.len());
            f.u_start.push(f.u_idx.len());
        }
        Some(f)
    }

    /// Stored nonzeros of L and U (the cost of one solve without etas).
    pub fn lu_nnz(&self) -> usize {
        self.l_idx.len() + self.u_idx.len() + self.m
    }

    /// Stored nonzeros of the eta file.
    pub fn eta_nnz(&self) -> usize {
        self.eta_idx.len() + self.eta_pos.len()
    }

    /// Number of column replacements since the factorization.
    pub fn etas(&self) -> usize {
        self.eta_pos.len()
    }

    /// Solves `B d = a` (FTRAN): `a` is dense over rows and is overwritten; the result is dense
    /// over basis positions.
    pub fn solve(&self, a: &mut [f64], d: &mut [f64]) {
        for k in 0..self.m {
            let t = a[self.piv_row[k]];
            if t != 0.0 {
                for q in self.l_start[k]..self.l_start[k + 1] {
                    a[self.l_idx[q]] -= self.l_val[q] * t;
                }
            }
        }
        for k in (0..self.m).rev() {
            let mut s = a[self.piv_row[k]];
            for q in self.u_start[k]..self.u_start[k + 1] {
                s -= self.u_val[q] * d[self.u_idx[q]];
            }
            d[self.piv_col[k]] = s / self.u_diag[k];
        }
        for e in 0..self.eta_pos.len() {
            let p = self.eta_pos[e];
            let t = d[p] / self.eta_piv[e];
            d[p] = t;
            if t != 0.0 {
                for q in self.eta_start[e]..self.eta_start[e + 1] {
                    d[self.eta_idx[q]] -= self.eta_val[q] * t;
                }
            }
        }
    }

    /// Records that basis position `p` was replaced by a column whose solve gave `d`.
    pub fn replace(&mut self, p: usize, d: &[f64]) {
        self.eta_pos.push(p);
        self.eta_piv.push(d[p]);
        for (i, &v) in d.iter().enumerate() {
            if i != p && v != 0.0 {
                self.eta_idx.push(i);
                self.eta_val.push(v);
            }
        }
        self.eta_start.push(self.eta_idx.len());
    }
}

/// Markowitz choice among the columns of fewest active entries: the entry minimizing
/// `(row count − 1)(column count − 1)` among those passing the threshold test.
fn choose_pivot(col: &[SparseCol], row: &[Vec<usize>], b: &Buckets) -> Option<(usize, usize)> {
    if b.head[0] != NIL {
        return None; // an active column with no entries: singular
    }
    let mut best: Option<(usize, usize, usize)> = None; // (cost, row, col)
    let mut examined = 0;
    for cnt in 1..b.head.len() {
        if let Some((cost, _, _)) = best {
            // No column of this count can beat the best cost found.
            if cost <= (cnt - 1) * (cnt - 1) || examined >= SEARCH_COLS {
                break;
            }
        }
        let mut j = b.head[cnt];
        while j != NIL {
            let cmax = col[j].iter().fold(0.0f64, |m, e| m.max(e.1.abs()));
            if cmax > SINGULAR {
                for &(i, v) in &col[j] {
                    if v.abs() >= THRESHOLD * cmax && v.abs() > SINGULAR {
                        let cost = (row[i].len() - 1) * (cnt - 1);
                        if best.is_none_or(|(bc, _, _)| cost < bc) {
                            best = Some((cost, i, j));
                        }
                    }
                }
            }
            examined += 1;
            if best.is_some_and(|(bc, _, _)| bc == 0) || (best.is_some() && examined >= SEARCH_COLS)
            {
                break;
            }
            j = b.next[j];
        }
        if best.is_some_and(|(bc, _, _)| bc == 0) {
            break;
        }
    }
    best.map(|(_, r, c)| (r, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dense_mul(cols: &[SparseCol], x: &[f64]) -> Vec<f64> {
        let mut y = vec![0.0; cols.len()];
        for (j, c) in cols.iter().enumerate() {
            for &(i, v) in c {
                y[i] += v * x[j];
            }
        }
        y
    }

    #[test]
    fn solves_and_updates() {
        // A small nonsymmetric sparse matrix, then one column replaced.
        let mut cols: Vec<SparseCol> = vec![
            vec![(0, 4.0), (2, 1.0)],
            vec![(1, 3.0), (3, -1.0)],
            vec![(0, 1.0), (2, 5.0), (3, 2.0)],
            vec![(1, 1.0), (3, 2.0), (4, 1.0)],
            vec![(4, 7.0), (0, -2.0)],
        ];
        let mut f = BasisFactor::new(&cols).unwrap();
        let x = [1.0, -2.0, 0.5, 3.0, -1.5];
        let mut a = dense_mul(&cols, &x);
        let mut d = vec![0.0; 5];
        f.solve(&mut a, &mut d);
        for k in 0..5 {
            assert!((d[k] - x[k]).abs() < 1e-12, "{d:?}");
        }
        let newcol: SparseCol = vec![(2, 1.0), (4, -3.0), (1, 2.0)];
        let mut a = vec![0.0; 5];
        for &(i, v) in &newcol {
            a[i] = v;
        }
        f.solve(&mut a, &mut d);
        f.replace(1, &d);
        cols[1] = newcol;
        let mut a = dense_mul(&cols, &x);
        f.solve(&mut a, &mut d);
        for k in 0..5 {
            assert!((d[k] - x[k]).abs() < 1e-12, "{d:?}");
        }
    }

    #[test]
    fn singular_is_detected() {
        let cols: Vec<SparseCol> = vec![vec![(0, 1.0), (1, 2.0)], vec![(0, 2.0), (1, 4.0)]];
        assert!(BasisFactor::new(&cols).is_none());
    }
}
