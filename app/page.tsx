import Link from 'next/link'
import { redirect } from 'next/navigation'
import { currentUser } from '@/lib/server/session'
import { MathText } from './_components/MathText'

export default async function Home() {
  if (await currentUser()) redirect('/dashboard')
  return (
    <>
      <h1>LassoLab: regression you can check, step by step</h1>
      <div className="card">
        <MathText
          text={
            'Practice ordinary least squares, ridge and lasso on your own randomized data. For the lasso loss $\\sum_i (y_i - m x_i - b)^2 + \\lambda \\lvert m \\rvert$, find the $\\lambda$ at which the slope becomes exactly zero, $$\\lambda^* = 2\\,\\lvert S_{xy} \\rvert,$$ and when you slip, LassoLab tells you which wrong formula you used and shows the derivation with your numbers.'
          }
        />
        <p className="row">
          <Link className="button" href="/signin">
            Sign in
          </Link>
          <Link className="button secondary" href="/signup">
            Create an account
          </Link>
          <Link href="/catalog">Browse the question catalog</Link>
        </p>
      </div>
    </>
  )
}
