fn main() {
    for p in std::env::args().skip(1) {
        let s = vnplan::source::Source::read(std::path::Path::new(&p)).unwrap();
        let n = vnplan::normalize::normalize(&s.text);
        println!("== {p} {:?}", n.habits);
        for (i, para) in n.paras.iter().enumerate() {
            println!("{:?}|{}| {}", para.zone, para.lines, n.para_text(i));
        }
    }
}
