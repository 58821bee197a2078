import Link from 'next/link'

export default function About() {
  return (
    <main>
      <h1 data-testid="about">About</h1>
      <p>No socket here: the counter unmounted, and after its close delay its socket closed with code 1000.</p>
      <Link href="/">Back to the counter</Link>
    </main>
  )
}
