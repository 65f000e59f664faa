use super::*;

#[test]
fn a_bounded_read_takes_a_file_at_the_limit_and_refuses_one_past_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.md");
    std::fs::write(&path, "12345").unwrap();
    assert!(matches!(read_regular_bounded(&path, 5).unwrap(), Bounded::Bytes(b) if b == b"12345"));
    assert!(matches!(
        read_regular_bounded(&path, 4).unwrap(),
        Bounded::TooLarge(5)
    ));
    assert!(
        read_regular_bounded(dir.path(), 5).is_err(),
        "a folder is not a regular file"
    );
}

#[cfg(unix)]
#[test]
fn a_read_inside_a_folder_refuses_links_out_fifos_devices_and_large_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("vault");
    std::fs::create_dir(&root).unwrap();
    let root = root.canonicalize().unwrap();
    std::fs::write(dir.path().join("secret"), "s3cret").unwrap();
    std::fs::write(root.join("ok.css"), "a{}").unwrap();
    std::os::unix::fs::symlink("../secret", root.join("out.css")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", root.join("zero.css")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", root.join("env.css")).unwrap();
    std::os::unix::fs::symlink("ok.css", root.join("in.css")).unwrap();
    let fifo = std::ffi::CString::new(root.join("fifo.css").to_str().unwrap()).unwrap();
    // SAFETY: a NUL-terminated path living across the call.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    assert_eq!(
        read_inside(&root, &root.join("ok.css"), 10).unwrap(),
        b"a{}"
    );
    assert_eq!(
        read_inside(&root, &root.join("in.css"), 10).unwrap(),
        b"a{}"
    );
    assert!(matches!(
        read_inside(&root, &root.join("out.css"), 10),
        Err(Refused::Outside(_))
    ));
    assert!(matches!(
        read_inside(&root, &root.join("zero.css"), 10),
        Err(Refused::Outside(_))
    ));
    assert!(matches!(
        read_inside(&root, &root.join("env.css"), 10),
        Err(Refused::Outside(_))
    ));
    assert!(matches!(
        read_inside(&root, &root.join("fifo.css"), 10),
        Err(Refused::NotRegular)
    ));
    assert!(matches!(
        read_inside(&root, &root.join("ok.css"), 2),
        Err(Refused::TooLarge(3, 2))
    ));
    assert!(matches!(
        read_regular(Path::new("/dev/zero"), 10),
        Err(Refused::NotRegular)
    ));
}

#[cfg(unix)]
#[test]
fn writes_and_removals_never_go_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("cache");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("keep.json"), "keep").unwrap();
    std::os::unix::fs::symlink(&outside, root.join("past")).unwrap();
    std::os::unix::fs::symlink(outside.join("keep.json"), root.join("file.json")).unwrap();

    assert!(write_inside(&root, &root.join("past/new.json"), b"x").is_err());
    assert!(replace_inside(&root, &root.join("past/new.json"), b"x").is_err());
    assert!(remove_file_inside(&root, &root.join("past/keep.json")).is_err());
    assert!(write(&root.join("file.json"), b"x").is_err());
    assert!(remove_file_inside(&root, &root.join("file.json")).is_err());
    assert!(create_dirs_inside(&root, &root.join("past/deeper")).is_err());
    assert_eq!(
        std::fs::read_to_string(outside.join("keep.json")).unwrap(),
        "keep"
    );
    assert!(!outside.join("new.json").exists() && !outside.join("deeper").exists());

    // A symlink at the name is replaced, not written through.
    replace_inside(&root, &root.join("file.json"), b"new").unwrap();
    assert_eq!(
        std::fs::read_to_string(root.join("file.json")).unwrap(),
        "new"
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("keep.json")).unwrap(),
        "keep"
    );

    write_inside(&root, &root.join("a/b/c.json"), b"1").unwrap();
    remove_file_inside(&root, &root.join("a/b/c.json")).unwrap();
    assert!(!root.join("a/b/c.json").exists());
}

#[cfg(unix)]
#[test]
fn a_private_folder_is_the_users_alone_and_goes_when_dropped() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp::private_dir("dossier-test-").unwrap();
    let path = dir.path().to_path_buf();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
    drop(dir);
    assert!(!path.exists());
}
